import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = { '@': fileURLToPath(new URL('.', import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'app/**/*.test.ts', 'test/oracle/**/*.test.ts', 'components/**/*.test.ts'], environment: 'node' },
      },
      {
        // Needs the local control plane (cluster/up.sh); run by scripts/test.sh.
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Route handlers called in-process keep no history (history.test.ts opens its own).
          env: { SVCMAP_HISTORY: 'off' },
        },
      },
    ],
  },
});
