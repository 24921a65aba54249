import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Who may import whom (DESIGN.md "Folders"): each folder is denied what it must not use,
// by alias or by relative path, so `npm run check` fails on a breach.
const folder = (name) => [`@/lib/${name}`, `@/lib/${name}/*`, `**/lib/${name}`, `**/lib/${name}/*`, `../${name}`, `../${name}/*`];
const deny = (files, message, ...groups) => ({
  files,
  // Tests are exempt: they read fixtures from disk and wire real parts together (a hub over the demo, say).
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups.flat(), message }] }] },
});

// What the pure folders (lib/graph, lib/view, lib/layout) must not import.
const pure = 'no I/O, React, Next or Kubernetes client, nothing of lib/k8s, lib/http, lib/stream, lib/demo or lib/history';
const impure = [
  folder('k8s'), folder('http'), folder('stream'), folder('demo'), folder('history'),
  ['react', 'react-dom', 'react/*', 'next', 'next/*', '@kubernetes/client-node', 'undici', 'node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'stream', 'zlib', 'http', 'https', 'net', 'worker_threads'],
].flat();

const config = [
  ...nextVitals,
  ...nextTypescript,
  // One entry per folder: a later entry's no-restricted-imports would replace an earlier one's.
  deny(['lib/graph/**'], `lib/graph is the model under everything: ${pure} nor of lib/view or lib/layout.`, impure, folder('view'), folder('layout')),
  deny(['lib/view/**', 'lib/layout/**'], `lib/view and lib/layout are pure: ${pure}.`, impure),
  deny(['lib/k8s/**'], 'lib/k8s talks to clusters only: nothing of lib/demo, lib/http, lib/history, app/ or Next.', folder('demo'), folder('http'), folder('history'), ['@/app/*', 'next', 'next/*']),
  deny(['lib/stream/**'], 'lib/stream is the wire and the browser client: nothing of lib/k8s, lib/http, lib/demo or lib/history.', folder('k8s'), folder('http'), folder('demo'), folder('history'), ['@kubernetes/client-node']),
  deny(['components/**'], 'Components never talk to clusters or databases: nothing of lib/k8s, lib/http, lib/demo or lib/history.', folder('k8s'), folder('http'), folder('demo'), folder('history'), ['@kubernetes/client-node']),
  deny(['lib/demo/**'], 'The demo is a list/watch source: nothing of lib/http or app/.', folder('http'), ['@/app/*', 'next', 'next/*']),
  { ignores: ['.next/**', 'node_modules/**', 'cluster/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
