// docs/diagnostics.md is generated from the catalogue in diagnostics.ts; this test fails
// when they drift. Regenerate with `npm run docs:diagnostics`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from './diagnostics';

const docPath = join(import.meta.dirname, '..', '..', 'docs', 'diagnostics.md');

function renderCatalogue(): string {
  const rows = Object.entries(catalogue).map(([code, entry]) => `| \`${code}\` | ${entry.severity} | ${entry.when} | ${entry.example} |`);
  return [
    '# Diagnostics',
    '',
    'What svcmap says when a Service routes to fewer backends than expected, or to none.',
    'Each diagnostic has a stable code, a severity, a message naming the objects, and the',
    '`kubectl` command that shows the evidence. Generated from `lib/graph/diagnostics.ts`',
    '(`npm run docs:diagnostics`); a unit test fails if this page and the code drift apart.',
    '',
    '| code | severity | when | example message |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

describe('docs/diagnostics.md', () => {
  it('lists exactly the catalogue in the code', () => {
    const rendered = renderCatalogue();
    if (process.env.SVCMAP_UPDATE_DOCS === '1') writeFileSync(docPath, rendered);
    expect(readFileSync(docPath, 'utf8')).toBe(rendered);
  });
});
