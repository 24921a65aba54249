// Import paths as the rest of svcmap writes them, for Node without a bundler: "@/x" is the
// project root, and a relative import without an extension is a .ts (or .mts) file. TypeScript
// is stripped here rather than by Node, which refuses files under node_modules — where an
// installed svcmap lives.
// First, as in the server: @kubernetes/client-node without its generated API client (server/client-node-slim.mjs).
import '../server/client-node-slim.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
const extensions = ['.ts', '.mts', '/index.ts'];

registerHooks({
  resolve(specifier, context, nextResolve) {
    let candidate = specifier;
    if (specifier.startsWith('@/')) candidate = new URL(specifier.slice(2), root).href;
    if ((candidate.startsWith('file:') || candidate.startsWith('.')) && !/\.[cm]?[jt]sx?$|\.json$/.test(candidate)) {
      const base = candidate.startsWith('file:') ? fileURLToPath(candidate) : fileURLToPath(new URL(candidate, context.parentURL));
      const found = extensions.map((extension) => base + extension).find((path) => existsSync(path));
      if (found) return nextResolve(pathToFileURL(found).href, context);
    }
    return nextResolve(candidate, context);
  },
  load(url, context, nextLoad) {
    if (!url.startsWith(root.href) || !/\.m?ts$/.test(url)) return nextLoad(url, context);
    const source = stripTypeScriptTypes(readFileSync(fileURLToPath(url), 'utf8'), { mode: 'strip', sourceUrl: url });
    return { format: 'module', source, shortCircuit: true };
  },
});
