import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Drives Debian's Chromium (Playwright's own browser download does not work offline)
// against the production build (`next start`), with the test cluster's kubeconfig.
const port = Number(process.env.SVCMAP_E2E_PORT ?? 3100);
const historyDir = join(tmpdir(), `svcmap-e2e-history-${port}`);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: '.test-reports/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // A fresh history each run (the time-travel tests read what this run recorded).
    command: `rm -rf ${historyDir} && node server/main.mts`,
    url: `http://127.0.0.1:${port}/api/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // SVCMAP_DEMO=1: the demo cluster is offered beside the test cluster's contexts.
    env: { NEXT_TELEMETRY_DISABLED: '1', SVCMAP_LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), SVCMAP_DEMO: '1', SVCMAP_HISTORY_DIR: historyDir },
  },
});
