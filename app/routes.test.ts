// Route inventory: svcmap is read-only, so every route handler answers GET and nothing
// else. This fails when someone adds a POST/PUT/PATCH/DELETE handler (or any other).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const appDir = new URL('.', import.meta.url).pathname;
const routeFiles = (readdirSync(appDir, { recursive: true }) as string[]).filter((file) => /(^|\/)route\.tsx?$/.test(file));
const handlerNames = /export\s+(?:async\s+)?(?:function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g;

describe('route inventory', () => {
  it('finds the API routes', () => {
    expect(routeFiles.map((file) => relative(appDir, join(appDir, file))).sort()).toEqual([
      'api/[...path]/route.ts',
      'api/clusters/[context]/graph/route.ts',
      'api/clusters/[context]/history/route.ts',
      'api/clusters/[context]/ip/[address]/route.ts',
      'api/clusters/[context]/namespaces/route.ts',
      'api/clusters/[context]/object/route.ts',
      'api/clusters/[context]/reachability/route.ts',
      'api/clusters/[context]/resolve/route.ts',
      'api/clusters/[context]/routes/route.ts',
      'api/clusters/[context]/stream/route.ts',
      'api/clusters/[context]/timeline/route.ts',
      'api/clusters/route.ts',
      'api/healthz/route.ts',
      'api/metrics/route.ts',
      'api/readyz/route.ts',
      'api/session/route.ts',
    ]);
  });

  it.each(routeFiles)('%s exports a GET handler (and at most HEAD beside it)', (file) => {
    const source = readFileSync(join(appDir, file), 'utf8');
    const methods = [...source.matchAll(handlerNames)].map((match) => match[1]);
    // The stream answers HEAD itself: Next.js would otherwise run GET and subscribe for a body never read.
    expect(methods).toEqual(file.includes('stream') ? ['GET', 'HEAD'] : ['GET']);
  });
});
