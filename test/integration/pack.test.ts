// The package as users get it: `npm pack`, installed into an empty project, and its bin
// entries (svcmap, kubectl-svcmap) run from there against the test cluster — TypeScript
// under node_modules included, which Node itself refuses to strip. And the krew archive
// and manifest deploy/krew/release.sh makes.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'svcmap-pack-'));
const app = join(work, 'app');
const bin = (name: string) => join(app, 'node_modules', '.bin', name);
// Node 24 first on the PATH, as for a user who has it (the project's own `node` package).
const node24 = dirname(execFileSync(join(root, 'node_modules', '.bin', 'node'), ['-p', 'process.execPath'], { encoding: 'utf8' }).trim());
const withNode24 = { ...process.env, PATH: `${node24}:${process.env.PATH}` };

describe('npm pack', () => {
  let files: string[] = [];
  beforeAll(() => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', env: withNode24 })) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((file) => file.path);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{"name": "uses-svcmap", "version": "1.0.0", "private": true}\n');
    // --prefer-offline: the packages come from npm's cache, filled by the project's own install.
    execFileSync('npm', ['install', join(work, packed!.filename), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, encoding: 'utf8', env: withNode24, stdio: 'pipe' });
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the CLI and lib/, without tests, the page or the build', () => {
    expect(files).toEqual(expect.arrayContaining(['cli/svcmap.mjs', 'cli/main.mts', 'server/client-node-slim.mjs', 'server/client-node-configuration.mjs', 'lib/graph/build.ts', 'package.json', 'README.md']));
    expect(files.filter((path) => /\.test\.m?ts$|^\.next\/|^node_modules\/|^app\/|^e2e\//.test(path))).toEqual([]);
    expect(readdirSync(join(app, 'node_modules', 'svcmap', 'cli'))).toContain('svcmap.mjs');
  });

  it('svcmap and kubectl-svcmap work from the clean install', () => {
    const get = spawnSync(bin('svcmap'), ['--context', 'svcmap-admin', 'get', '-n', 'vault'], { encoding: 'utf8', env: withNode24 });
    expect(get.stderr).toBe('');
    expect(get.stdout).toMatch(/^vault\s+ledger\s+ClusterIP\s+2\/2/m);
    expect(get.status).toBe(0);
    const why = spawnSync(bin('kubectl-svcmap'), ['--context', 'svcmap-admin', 'why', 'checkout', '-n', 'shop'], { encoding: 'utf8', env: withNode24 });
    expect(why.stdout).toMatch(/^Name:\s+checkout$/m);
    expect(why.status).toBe(1); // checkout has an error-severity diagnostic
  });

  // Skipped where there is no system Node beside the project's (this machine's Debian one is 20).
  it.skipIf(!existsSync('/usr/bin/node'))('under a Node older than 24 it says which Node it needs (exit 2)', () => {
    // This machine's system Node (Debian's) is older than 24: the installed bin has no bundled Node to fall back on.
    const system = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const major = Number(system.stdout.split('.')[0]);
    const result = spawnSync('/usr/bin/node', [bin('svcmap'), '--help'], { encoding: 'utf8' });
    if (major < 24) {
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`svcmap: needs Node.js 24 or newer, and this is v${system.stdout.trim()}. Install Node 24 (or put it first on the PATH) and run svcmap again.\n`);
    } else {
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('svcmap why SERVICE');
    }
  });
});

describe('krew', () => {
  const out = join(work, 'krew');
  let archive = '';
  beforeAll(() => {
    archive = execFileSync('bash', [join(root, 'deploy', 'krew', 'release.sh'), out], { encoding: 'utf8', env: withNode24, stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  }, 300_000);

  it('the manifest names the archive by version and sha256, and its bin runs from the unpacked archive', () => {
    type Platform = { uri: string; sha256: string; bin: string };
    const manifest = parseYaml(readFileSync(join(out, 'svcmap.yaml'), 'utf8')) as { apiVersion: string; kind: string; metadata: { name: string }; spec: { version: string; platforms: Platform[] } };
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(manifest).toMatchObject({ apiVersion: 'krew.googlecontainertools.github.com/v1alpha2', kind: 'Plugin', metadata: { name: 'svcmap' }, spec: { version: `v${version}` } });
    const [platform] = manifest.spec.platforms;
    expect(platform!.uri.endsWith(`/kubectl-svcmap-v${version}.tar.gz`)).toBe(true);
    expect(platform!.sha256).toBe(createHash('sha256').update(readFileSync(archive)).digest('hex'));

    const unpacked = join(out, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
    expect(existsSync(join(unpacked, 'package', 'node_modules', 'next'))).toBe(false); // the CLI's dependencies only
    const get = spawnSync(join(unpacked, platform!.bin), ['--context', 'svcmap-admin', 'get', '-n', 'vault'], { encoding: 'utf8', env: withNode24 });
    expect(get.stdout).toMatch(/^vault\s+ledger\s+ClusterIP\s+2\/2/m);
    expect(get.status).toBe(0);
  });
});
