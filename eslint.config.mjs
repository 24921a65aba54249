import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Who may import whom (DESIGN.md "Folders"): each folder is denied what it must not use,
// by alias or by relative path, so `npm run check` fails on a breach.
const folder = (name) => [`@/lib/${name}`, `@/lib/${name}/*`, `**/lib/${name}`, `**/lib/${name}/*`, `../${name}`, `../${name}/*`];
const deny = (files, message, ...groups) => ({
  files,
  // A test may read its fixtures from disk; what it imports of other folders is still checked by its subject's imports.
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups.flat(), message }] }] },
});

const config = [
  ...nextVitals,
  ...nextTypescript,
  deny(
    ['lib/graph/**', 'lib/view/**', 'lib/layout/**'],
    'lib/graph, lib/view and lib/layout are pure: no I/O, React, Next or Kubernetes client, nothing of lib/k8s, lib/http, lib/stream, lib/demo or lib/history.',
    folder('k8s'), folder('http'), folder('stream'), folder('demo'), folder('history'),
    ['react', 'react-dom', 'react/*', 'next', 'next/*', '@kubernetes/client-node', 'undici', 'node:*', 'fs', 'http', 'https', 'net'],
  ),
  deny(['lib/k8s/**'], 'lib/k8s talks to clusters only: nothing of lib/demo, lib/http, lib/history, app/ or Next.', folder('demo'), folder('http'), folder('history'), ['@/app/*', 'next', 'next/*']),
  deny(['lib/stream/**'], 'lib/stream is the wire and the browser client: nothing of lib/k8s, lib/http, lib/demo or lib/history.', folder('k8s'), folder('http'), folder('demo'), folder('history'), ['@kubernetes/client-node']),
  deny(['components/**'], 'Components never talk to clusters or databases: nothing of lib/k8s, lib/http, lib/demo or lib/history.', folder('k8s'), folder('http'), folder('demo'), folder('history'), ['@kubernetes/client-node']),
  deny(['lib/demo/**'], 'The demo is a list/watch source: nothing of lib/http or app/.', folder('http'), ['@/app/*', 'next', 'next/*']),
  { ignores: ['.next/**', 'node_modules/**', 'cluster/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
