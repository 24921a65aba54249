// `npm start`: builds the production bundle when the sources are newer than the last
// build, then serves it with server/main.mts on 127.0.0.1:3000 (HOST and PORT override;
// svcmap binds loopback unless told otherwise).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serverEnv, serverNodeFlags } from '../server/node-flags.mjs';

const root = new URL('..', import.meta.url).pathname;
const sources = ['app', 'components', 'lib', 'public', 'proxy.ts', 'next.config.js', 'server/security-headers.json', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

const buildId = join(root, '.next', 'BUILD_ID');
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
if (builtAt < Math.max(...sources.map((source) => newestMtime(join(root, source))))) {
  console.log('svcmap: building the production bundle (once per change)…');
  const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// server/main.mts binds 127.0.0.1 unless HOST says otherwise, and then insists on an auth mode.
const server = spawnSync(process.execPath, [...serverNodeFlags, join(root, 'server', 'main.mts')], { cwd: root, stdio: 'inherit', env: { ...serverEnv, ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
process.exit(server.status ?? 0);
