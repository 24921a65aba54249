// docs/diagnostics.md is generated from the catalogues in diagnostics.ts (Services) and
// front-diagnostics.ts (routes, Gateways, Ingresses); this test fails when they drift.
// Regenerate with `npm run docs:diagnostics`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from './diagnostics';
import { frontCatalogue } from './front-diagnostics';

const docPath = join(import.meta.dirname, '..', '..', 'docs', 'diagnostics.md');

function table(entries: Record<string, { severity: string; when: string; example: string; evidence?: string }>): string[] {
  const evidence = Object.values(entries).every((entry) => entry.evidence);
  return [
    `| code | severity | when | example message |${evidence ? ' evidence |' : ''}`,
    `|---|---|---|---|${evidence ? '---|' : ''}`,
    ...Object.entries(entries).map(([code, entry]) => `| \`${code}\` | ${entry.severity} | ${entry.when} | ${entry.example} |${evidence ? ` \`${entry.evidence!.replace(/\|/g, '\\|')}\` |` : ''}`),
  ];
}

function renderCatalogue(): string {
  return [
    '# Diagnostics',
    '',
    'What svcmap says when a Service routes to fewer backends than expected, or to none, and',
    'when traffic entering through a Gateway API route or an Ingress would not reach Pods.',
    'Each diagnostic has a stable code, a severity, a message naming the objects, and the',
    '`kubectl` command that shows the evidence. Generated from `lib/graph/diagnostics.ts` and',
    '`lib/graph/front-diagnostics.ts` (`npm run docs:diagnostics`); a unit test fails if this',
    'page and the code drift apart.',
    '',
    '## Services',
    '',
    ...table(catalogue),
    '',
    '## Routes, Gateways and Ingresses',
    '',
    'On the cards of Gateways, HTTPRoutes (and the other route kinds) and Ingresses: what svcmap',
    'reads from their specs and the Services behind them, and what their controllers wrote in status.',
    '',
    ...table(frontCatalogue),
    '',
  ].join('\n');
}

describe('docs/diagnostics.md', () => {
  it('lists exactly the catalogues in the code', () => {
    const rendered = renderCatalogue();
    if (process.env.SVCMAP_UPDATE_DOCS === '1') writeFileSync(docPath, rendered);
    expect(readFileSync(docPath, 'utf8')).toBe(rendered);
  });
});
