// The map as a vector drawing, for Export SVG and PNG: each card a rectangle with its
// text, each edge a path with its label, as on screen (colours and dash patterns by
// endpoint condition). Built from the graph and the drawn positions and sizes, not by
// copying the page's HTML, so every edge is a <path> and every label real <text>. Pure.
import type { Diagnostic, GraphEdge, GraphNode, ServiceNode, Severity } from '@/lib/graph/model';
import { edgeLabels } from './labels';
import { namespaceFacts } from './namespaces';

export interface DrawnNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Palette {
  background: string;
  card: string;
  text: string;
  muted: string;
  tile: string;
}
const palettes: Record<'light' | 'dark', Palette> = {
  light: { background: '#ffffff', card: '#ffffff', text: '#0f172a', muted: '#475569', tile: '#f8fafc' },
  dark: { background: '#020617', card: '#0f172a', text: '#f1f5f9', muted: '#cbd5e1', tile: '#0b1222' },
};

/** The mark before a diagnostic, on the card and in the export alike. */
export const severityIcon: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

/** The worst severity among a card's diagnostics that deserves a mark and a border (error or warning). */
export function worstSeverity(diagnostics: Diagnostic[]): 'error' | 'warning' | undefined {
  return (['error', 'warning'] as const).find((severity) => diagnostics.some((diagnostic) => diagnostic.severity === severity));
}

/**
 * A Service card's border: the worse of its endpoints' readiness (none ready: error; some:
 * warning) and its diagnostics — a Service whose endpoints are all ready can still have a
 * problem (traffic from some nodes dropped, a port no pod serves). ExternalName: 'alias'.
 */
export function serviceTone(node: ServiceNode): 'error' | 'warning' | 'alias' | 'healthy' {
  const { ready, total } = node.endpoints;
  const readiness = node.type === 'ExternalName' ? undefined : total === 0 || ready === 0 ? 'error' : ready < total ? 'warning' : undefined;
  const worst = worstSeverity(node.diagnostics);
  if (readiness === 'error' || worst === 'error') return 'error';
  if (readiness === 'warning' || worst === 'warning') return 'warning';
  return node.type === 'ExternalName' ? 'alias' : 'healthy';
}

const serviceBorder = { error: '#ef4444', warning: '#f59e0b', alias: '#8b5cf6', healthy: '#16a34a' } as const;

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The lines of text a card shows, and its border colour (as the node components draw them). */
export function cardText(node: GraphNode): { lines: string[]; border: string; dashed?: boolean } {
  switch (node.kind) {
    case 'Service': {
      const { ready, total } = node.endpoints;
      const border = serviceBorder[serviceTone(node)];
      const lines = [`${node.name}  ${node.headless ? 'headless' : node.type}`, `${node.namespace} · ${node.externalName ?? node.clusterIP ?? ''}`, node.ports.join(', ')];
      if (node.type !== 'ExternalName') lines.push(`endpoints ${ready}/${total} ready`);
      return { lines: [...lines, ...diagnosticLines(node.diagnostics)], border };
    }
    case 'EndpointSlice':
      return { lines: [node.name, `${node.addressType} · ${node.ports.join(', ') || 'no ports'}`, `${node.endpoints.ready}/${node.endpoints.total} ready`], border: '#94a3b8' };
    case 'Pod': {
      const state = node.terminating ? 'terminating' : node.ready ? 'ready' : 'not ready';
      return { lines: [node.name, `${node.ip ?? 'no IP'} · ${node.nodeName ?? 'unscheduled'}`, `${node.phase} · ${state}`], border: node.terminating ? '#94a3b8' : node.ready ? '#16a34a' : '#f59e0b', dashed: !node.ready };
    }
    case 'Address':
      return { lines: [node.address, node.source === 'externalName' ? 'DNS name (ExternalName)' : 'not a Pod in this cluster'], border: '#8b5cf6', dashed: true };
    case 'PodGroup':
      return { lines: [`${node.pods} pods: ${node.ready} ready`], border: node.ready === 0 ? '#ef4444' : node.ready < node.pods ? '#f59e0b' : '#16a34a' };
    case 'Namespace': {
      return { lines: [`${node.name}  ${namespaceFacts(node.summary).join(' · ')}`], border: '#cbd5e1' };
    }
    case 'Gateway': {
      const lines = [`${node.name}  Gateway`, `${node.namespace} · ${node.gatewayClassName} · ${node.addresses.join(', ') || 'no address'}`];
      for (const listener of node.listeners) lines.push(`${listener.name}: ${listener.protocol} :${listener.port} ${listener.hostname ?? '*'}`);
      return { lines: [...lines, ...diagnosticLines(node.diagnostics)], border: borderOf(node.diagnostics, '#6366f1') };
    }
    case 'Ingress': {
      const lines = [`${node.name}  Ingress`, `${node.namespace} · ${node.ingressClassName ?? 'default class'}`];
      for (const rule of node.rules) lines.push(`${rule.host ?? '*'}${rule.path} → ${rule.backend.service.split('/').at(-1)}:${rule.backend.port}`);
      return { lines: [...lines, ...diagnosticLines(node.diagnostics)], border: borderOf(node.diagnostics, '#16a34a') };
    }
    default: {
      const lines = [`${node.name}  ${node.kind}`, node.hostnames.join(', ') || 'any host'];
      node.rules.forEach((rule) => lines.push(`${rule.number}. ${rule.matches.join(' | ')} → ${rule.backends.map((backend) => `${backend.service.split('/').at(-1)} ${backend.percent} %`).join(', ')}`));
      return { lines: [...lines, ...diagnosticLines(node.diagnostics)], border: borderOf(node.diagnostics, '#16a34a') };
    }
  }
}

function diagnosticLines(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${severityIcon[diagnostic.severity]} ${diagnostic.code}`);
}

function borderOf(diagnostics: Diagnostic[], healthy: string): string {
  const worst = worstSeverity(diagnostics);
  return worst === 'error' ? '#ef4444' : worst === 'warning' ? '#f59e0b' : healthy;
}

/** Stroke colour and dash pattern of an edge, as globals.css draws it. */
export function edgeStroke(edge: GraphEdge): { colour: string; dash?: string; opacity?: number; width: number } {
  if (edge.relation === 'selected') return { colour: '#94a3b8', dash: '1 5', width: 1.5 };
  if (edge.relation === 'externalName') return { colour: '#8b5cf6', dash: '8 3 2 3', width: 1.5 };
  if (edge.relation === 'group') return { colour: '#64748b', width: 4 };
  if (edge.relation === 'attached' || edge.relation === 'backend') return { colour: '#6366f1', width: 2 };
  const conditions = edge.conditions;
  const opacity = conditions?.terminating ? 0.45 : undefined;
  if (!conditions || conditions.ready) return { colour: '#16a34a', width: 2, opacity };
  if (conditions.serving) return { colour: '#d97706', dash: '6 4', width: 2, opacity };
  return { colour: '#dc2626', dash: '2 4', width: 2, opacity };
}

export function graphToSvg(drawn: DrawnNode[], edges: GraphEdge[], theme: 'light' | 'dark', padding = 40): { svg: string; width: number; height: number } {
  const colours = palettes[theme];
  const byId = new Map(drawn.map((entry) => [entry.node.id, entry]));
  const minX = Math.min(...drawn.map((entry) => entry.x)) - padding;
  const minY = Math.min(...drawn.map((entry) => entry.y)) - padding;
  const width = Math.max(...drawn.map((entry) => entry.x + entry.width)) + padding - minX;
  const height = Math.max(...drawn.map((entry) => entry.y + entry.height)) + padding - minY;
  const parts: string[] = [];
  parts.push(`<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="${colours.background}"/>`);
  // Namespace tiles first (behind), then edges, then cards, then edge labels on top.
  for (const entry of drawn.filter((item) => item.node.kind === 'Namespace')) {
    parts.push(`<g class="namespace"><rect x="${entry.x}" y="${entry.y}" width="${entry.width}" height="${entry.height}" rx="12" fill="${colours.tile}" stroke="#cbd5e1"/>`);
    parts.push(`<text x="${entry.x + 16}" y="${entry.y + 28}" font-size="18" font-weight="600" fill="${colours.text}">${escapeXml(cardText(entry.node).lines[0]!)}</text></g>`);
  }
  const labels: string[] = [];
  const texts = edgeLabels(edges);
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    const sx = source.x + source.width;
    const sy = source.y + source.height / 2;
    const tx = target.x;
    const ty = target.y + target.height / 2;
    const bend = Math.max(Math.abs(tx - sx) / 2, 25);
    const stroke = edgeStroke(edge);
    const dash = stroke.dash ? ` stroke-dasharray="${stroke.dash}"` : '';
    const opacity = stroke.opacity ? ` stroke-opacity="${stroke.opacity}"` : '';
    parts.push(`<path class="edge" data-id="${escapeXml(edge.id)}" d="M${sx},${sy} C${sx + bend},${sy} ${tx - bend},${ty} ${tx},${ty}" fill="none" stroke="${stroke.colour}" stroke-width="${stroke.width}"${dash}${opacity}/>`);
    const text = texts.get(edge.id);
    if (text) {
      const mx = (sx + tx) / 2;
      const my = (sy + ty) / 2;
      const labelWidth = text.length * 7 + 8;
      labels.push(`<g class="edge-label"><rect x="${mx - labelWidth / 2}" y="${my - 9}" width="${labelWidth}" height="18" rx="3" fill="${colours.card}" fill-opacity="0.9"/><text x="${mx}" y="${my + 4}" font-size="12" text-anchor="middle" fill="${colours.text}">${escapeXml(text)}</text></g>`);
    }
  }
  for (const entry of drawn.filter((item) => item.node.kind !== 'Namespace')) {
    const { lines, border, dashed } = cardText(entry.node);
    parts.push(`<g class="card" data-id="${escapeXml(entry.node.id)}"><rect x="${entry.x}" y="${entry.y}" width="${entry.width}" height="${entry.height}" rx="6" fill="${colours.card}" stroke="${border}" stroke-width="2"${dashed ? ' stroke-dasharray="6 3"' : ''}/>`);
    lines.forEach((line, index) => {
      const first = index === 0;
      parts.push(`<text x="${entry.x + 12}" y="${entry.y + 20 + index * 16}" font-size="${first ? 13 : 12}"${first ? ' font-weight="600"' : ''} fill="${first ? colours.text : colours.muted}">${escapeXml(line)}</text>`);
    });
    parts.push('</g>');
  }
  parts.push(...labels);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">${parts.join('')}</svg>`;
  return { svg, width, height };
}
