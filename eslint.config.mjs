import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    // A file's folder says who may import it (DESIGN.md "Folders").
    files: ['components/**', 'lib/graph/**', 'lib/stream/**', 'lib/layout/**', 'lib/view/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/k8s/*', '@kubernetes/client-node'], message: 'Only server code (app/api, lib/k8s) may talk to clusters.' }] }],
    },
  },
  { ignores: ['.next/**', 'node_modules/**', 'cluster/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
