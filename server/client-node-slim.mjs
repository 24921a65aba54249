// @kubernetes/client-node's KubeConfig (dist/config.js) imports the generated API client
// (dist/gen/index.js: every model and API class of Kubernetes) for the two names its
// makeApiClient uses. svcmap never makes an API client — it reads with its own requests — yet
// that import alone costs ~50 MB of memory (measured: importing config.js raises RSS by 88 MB,
// 39 MB with this hook; heap 30 → 11 MB). This resolve hook hands config.js, and only
// config.js, a module that exports just those two names from their own files.
// It applies only to the client-node version it was checked against (slimVersion; a test
// fails when the installed one differs): another version's config.js may take other names
// from the index, and would then be left as it is, whole.
// Registered by server/main.mts and cli/resolve.mjs before anything loads client-node, and by the tests that check it.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

export const slimVersion = '2.0.1';
const slim = new URL('./client-node-configuration.mjs', import.meta.url).href;
// Also through a bundler's alias of the package (Next.js's "@kubernetes/client-node-<hash>"), should it keep the path.
const configModule = /\/@kubernetes\/client-node(?:-[0-9a-f]+)?\/dist\/config\.js$/;
const versions = new Map();

function versionOf(configUrl) {
  const packageJson = new URL('../package.json', configUrl);
  if (!versions.has(packageJson.href)) {
    try {
      versions.set(packageJson.href, JSON.parse(readFileSync(packageJson, 'utf8')).version);
    } catch {
      versions.set(packageJson.href, undefined);
    }
  }
  return versions.get(packageJson.href);
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (specifier === './gen/index.js' && parent && configModule.test(parent) && versionOf(parent) === slimVersion) return { url: slim, format: 'module', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
