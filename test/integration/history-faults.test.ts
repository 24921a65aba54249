// The history's bad day, on a real server: a corrupt database file and a full disk (a real
// tmpfs filled up) are errors the history route reports — with what to do — while the live
// graph keeps working.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphResponseSchema, historyResponseSchema } from '@/lib/stream/protocol';
import { eventually } from './kube';
import { freshHistoryDir, type RunningServer, startServer } from './server';

const servers: RunningServer[] = [];
const mounts: string[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  for (const mount of mounts) execFileSync('umount', [mount]);
});

async function history(server: RunningServer) {
  return historyResponseSchema.parse(await (await fetch(`${server.base}/api/clusters/demo/history`)).json());
}

async function liveGraph(server: RunningServer) {
  const response = await fetch(`${server.base}/api/clusters/demo/graph`);
  expect(response.status).toBe(200);
  return graphResponseSchema.parse(await response.json());
}

describe('history faults', () => {
  it('a corrupt database file: the history says so and how to fix it; live mode works', async () => {
    const dir = freshHistoryDir();
    writeFileSync(join(dir, 'history.db'), 'not a database, but a text file long enough to have a header of sorts');
    const server = await startServer(3433, { SVCMAP_DEMO: '1', SVCMAP_HISTORY_DIR: dir });
    servers.push(server);
    expect((await liveGraph(server)).graph.nodes.length).toBeGreaterThan(10);
    const answer = await history(server);
    expect(answer).toMatchObject({ engine: 'sqlite', state: 'error', message: expect.stringMatching(/is corrupt .*move the file away/) });
    const past = await fetch(`${server.base}/api/clusters/demo/graph?at=${new Date(Date.now() - 1000).toISOString()}`);
    expect(past.status).toBe(503);
    expect((await past.json()).error).toMatchObject({ code: 'HistoryUnavailable', message: expect.stringMatching(/corrupt.*The live map is not affected/) });
  });

  it('a full disk: recording stops with an error the page can show; live mode works', async () => {
    // A real file system of 256 KiB: the journal fills it within seconds.
    const dir = join(freshHistoryDir(), 'small');
    mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
    mounts.push(dir);
    const server = await startServer(3434, { SVCMAP_DEMO: '1', SVCMAP_HISTORY_DIR: dir });
    servers.push(server);
    await liveGraph(server);
    const answer = await eventually(async () => {
      const state = await history(server);
      expect(state.state).toBe('error');
      return state;
    }, 90_000, 500);
    expect(answer.message).toMatch(/cannot grow: the disk or its size limit is full/);
    expect((await liveGraph(server)).graph.nodes.length).toBeGreaterThan(10);
  });
});
