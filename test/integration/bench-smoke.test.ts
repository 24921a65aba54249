// The benchmark at tiny scale (3 Services, 6 Pods, 10 changes), so bench/ cannot rot:
// its generator, latency probe and fan-out measure run against the real cluster and
// the production build, and every change must reach svcmap's stream.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('bench --smoke', () => {
  it('loads the cluster, measures, and sees every change on the stream', () => {
    const output = execFileSync('node', ['bench/index.mjs', '--smoke', '--port', '3600'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 170_000, env: { ...process.env, SVCMAP_LOG_LEVEL: 'warn' } });
    expect(output).toContain('Time to first complete graph');
    expect(output).toMatch(/changes sent \/ seen by raw watch \/ seen in svcmap SSE\s+10 \/ 10 \/ 10/);
    expect(output).toMatch(/100 clients: apiserver watches/);
    expect(output).toContain('bench done: 10 of 10 changes reached the SSE stream');
  }, 180_000);
});
