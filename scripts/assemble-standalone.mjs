// Completes `next build`'s standalone folder (.next/standalone) into a runnable server:
// adds the static assets, public/ and server/ (the auth gate that runs Next.js).
// Used by the Dockerfile and by the in-cluster integration test.
//   node scripts/assemble-standalone.mjs   →   node .next/standalone/server/main.mts
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const standalone = join(root, '.next', 'standalone');
if (!existsSync(join(standalone, '.next'))) {
  console.error('No .next/standalone: run `next build` first (next.config.js sets output: "standalone").');
  process.exit(1);
}
cpSync(join(root, '.next', 'static'), join(standalone, '.next', 'static'), { recursive: true });
if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(standalone, 'public'), { recursive: true });
cpSync(join(root, 'server'), join(standalone, 'server'), { recursive: true, filter: (source) => !source.endsWith('.test.ts') });
console.log(`standalone server ready: node ${join(standalone, 'server', 'main.mts')}`);
