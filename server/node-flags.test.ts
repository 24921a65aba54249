import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverEnv, serverNodeFlags } from './node-flags.mjs';

describe('serverNodeFlags', () => {
  it('are the flags the container image starts the server with', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'))?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual([...serverNodeFlags, 'server/main.mts']);
  });

  it('and the environment it sets (malloc), in the image too', () => {
    const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
    for (const [name, value] of Object.entries(serverEnv)) expect(dockerfile).toContain(`${name}=${value}\n`);
  });
});
