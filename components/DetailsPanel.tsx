'use client';
// What a click on a node explains: for a Service its endpoints as kubectl would list
// them and its diagnostics with the command to check; for a Pod where it runs and which
// Services send it traffic. Everything comes from the live graph; rows link onward.
// On wide screens it is a column beside the graph (it hides nothing), as wide as the user
// drags it; on narrow ones a drawer under the graph. Either way the graph's pane shrinks,
// so the map keeps the selection in view beside it.
import { serviceId } from '@/lib/graph/ids';
import { type EndpointRow, endpointRows, kubectlEndpointsColumn, nodeById, servicesRoutingTo } from '@/lib/view/details';
import type { Graph, GraphNode, PodNode, ReachabilityResponse, ServiceNode } from '@/lib/stream/protocol';
import { WhoMayReach, PodReach } from './panels/Reach';
import { RoutingMatrix } from './panels/Routes';
import { classOf, ObjectYaml, PodStatus } from './ObjectView';
import { useState } from 'react';
import { Timeline } from './Timeline';
import { Command, DiagnosticsSection, Facts } from './panels/Facts';
import { FrontDetails, isFrontNode } from './panels/FrontDetails';

interface Props {
  context: string;
  /** The stream's sequence number: the timeline is read again when it moves. */
  seq: number;
  graph: Graph;
  node: GraphNode;
  onSelect: (id: string) => void;
  onFocus: (id: string) => void;
  onClose: () => void;
  /** The Service's pods are drawn one by one (its group was expanded): offer to group them again. */
  expanded?: boolean;
  onRegroup?: () => void;
  /** NetworkPolicy reach from the source picked in the page, if one is. */
  reach?: ReachabilityResponse;
  /** Show the map as seen from this source (`from=`). */
  onReachFrom: (source: string) => void;
  /** Viewing the past (ISO time): the graph is as it was; what only the live cluster answers is left out. */
  past?: string;
}

export function DetailsPanel({ context, seq, graph, node, onSelect, onFocus, onClose, expanded, onRegroup, reach, onReachFrom, past }: Props) {
  const [width, setWidth] = usePanelWidth();
  // The class a Gateway or Ingress names: its YAML is offered beside the object's own.
  const nodeClass = classOf(node);
  return (
    <aside
      aria-label={`Details of ${node.kind} ${node.namespace}/${node.name}`}
      data-testid="details"
      style={{ '--panel-width': `${width}px` } as React.CSSProperties}
      className="@container relative z-10 shrink-0 overflow-y-auto bg-white p-4 text-sm dark:bg-slate-950 max-lg:h-[45%] max-lg:w-full max-lg:border-t max-lg:border-slate-200 lg:w-[var(--panel-width)] lg:border-l lg:border-slate-200 dark:border-slate-800"
    >
      <ResizeHandle width={width} onResize={setWidth} />
      <div className="mb-3 flex items-start justify-between gap-2">
        <div>
          <div className="text-xs uppercase text-slate-600 dark:text-slate-400">{node.kind}</div>
          <h2 className="text-base font-semibold break-all">
            {node.namespace}/{node.name}
          </h2>
        </div>
        <div className="flex gap-2">
          {expanded && onRegroup && (
            <button type="button" className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700" onClick={onRegroup}>
              Group pods
            </button>
          )}
          {(node.kind === 'Service' || node.kind === 'Pod') && (
            <button type="button" className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700" onClick={() => onFocus(node.id)}>
              Focus
            </button>
          )}
          <button type="button" className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700" onClick={onClose} aria-label="Close details">
            ✕
          </button>
        </div>
      </div>
      {node.kind === 'Service' && <ServiceDetails graph={graph} service={node} onSelect={onSelect} />}
      {node.kind === 'Service' && (
        <section className="mt-4">
          <h3 className="mb-1 font-semibold">Recent changes to its endpoints</h3>
          <Timeline context={context} service={`${node.namespace}/${node.name}`} seq={seq} until={past} onSelect={onSelect} />
        </section>
      )}
      {node.kind === 'Service' && !past && <RoutingMatrix context={context} service={node} graph={graph} seq={seq} />}
      {node.kind === 'Service' && !past && <WhoMayReach context={context} service={node} seq={seq} onReachFrom={onReachFrom} />}
      {node.kind === 'Pod' && <PodDetails graph={graph} pod={node} onSelect={onSelect} />}
      {node.kind === 'Pod' && !past && <PodReach context={context} graph={graph} pod={node} reach={reach} seq={seq} onReachFrom={onReachFrom} />}
      {node.kind === 'Pod' && !past && <PodStatus context={context} node={node} />}
      {past && (
        <p className="mt-4 text-slate-700 dark:text-slate-300" data-testid="past-details-note">
          As it was at that time. Routing per node, NetworkPolicy reach and the object&apos;s YAML are answered for the live cluster only: go back to live to see them.
        </p>
      )}
      {node.kind === 'EndpointSlice' && node.service && nodeById(graph, serviceId(node.namespace, node.service)) && (
        <p className="mb-2">
          Endpoints of{' '}
          <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => onSelect(serviceId(node.namespace, node.service!))}>
            Service {node.namespace}/{node.service}
          </button>
        </p>
      )}
      {node.kind === 'EndpointSlice' && (
        <Facts
          rows={[
            ['Service', node.service ?? '—'],
            ['managed by', node.managedBy ?? '—'],
            ['address type', node.addressType],
            ['ports', node.ports.join(', ') || '—'],
            ['endpoints ready', `${node.endpoints.ready}/${node.endpoints.total}`],
          ]}
        />
      )}
      {node.kind === 'Address' && <Facts rows={[['address', node.address], ['from', node.source === 'externalName' ? 'ExternalName alias' : 'hand-written endpoint']]} />}
      {isFrontNode(node) && <FrontDetails graph={graph} node={node} onSelect={onSelect} />}
      {!past && (node.kind === 'Service' || node.kind === 'EndpointSlice' || node.kind === 'Pod' || isFrontNode(node)) && <ObjectYaml key={node.id} context={context} node={node} />}
      {!past && nodeClass && <ObjectYaml key={`${node.id} class`} context={context} node={nodeClass} label={`${nodeClass.kind} YAML`} />}
    </aside>
  );
}

function ServiceDetails({ graph, service, onSelect }: { graph: Graph; service: ServiceNode; onSelect: (id: string) => void }) {
  const rows = endpointRows(graph, service.id);
  const selector = service.selector ? Object.entries(service.selector).map(([key, value]) => `${key}=${value}`).join(',') : '(none: endpoints are written by hand)';
  return (
    <>
      <Facts
        rows={[
          ['type', service.type],
          ['cluster IP', service.clusterIP ?? '—'],
          ...(service.externalName ? ([['external name', service.externalName]] as [string, string][]) : []),
          ['ports', service.ports.join(', ') || '—'],
          ['selector', selector],
          ...(service.traits.length ? ([['routing', service.traits.join('; ')]] as [string, string][]) : []),
        ]}
      />
      <DiagnosticsSection diagnostics={service.diagnostics} />
      <section className="mt-4">
        <h3 className="mb-1 font-semibold">
          Endpoints <span className="font-normal text-slate-600 dark:text-slate-400">(as kubectl get endpoints {service.name} -n {service.namespace})</span>
        </h3>
        <table className="w-full text-left text-xs" data-testid="endpoints-table">
          <thead>
            <tr>
              <th className="pr-4">NAME</th>
              <th>ENDPOINTS</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td className="pr-4 align-top whitespace-nowrap">{service.name}</td>
              <td className="font-mono [overflow-wrap:anywhere]">{kubectlEndpointsColumn(rows)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section className="mt-4">
        <h3 className="mb-1 font-semibold">EndpointSlices</h3>
        <SlicesTable rows={rows} onSelect={onSelect} />
        <Command text={`kubectl get endpointslices -n ${service.namespace} -l kubernetes.io/service-name=${service.name} -o wide`} />
      </section>
    </>
  );
}

function PodDetails({ graph, pod, onSelect }: { graph: Graph; pod: PodNode; onSelect: (id: string) => void }) {
  const services = servicesRoutingTo(graph, pod.id);
  return (
    <>
      <Facts
        rows={[
          ['phase', pod.phase],
          ['ready', pod.terminating ? 'terminating' : pod.ready ? 'yes' : 'no'],
          ['IP', pod.ip ?? '—'],
          ['node', pod.nodeName ?? 'not scheduled'],
          ['zone', pod.zone ?? '—'],
          ['containers ready', `${pod.containers.ready}/${pod.containers.total}`],
          ['restarts', String(pod.restarts)],
          ['labels', Object.entries(pod.labels ?? {}).map(([key, value]) => `${key}=${value}`).join(', ') || '—'],
          ['NetworkPolicies', pod.policies.length ? `${pod.policies.join(', ')}${pod.isolated ? ' (ingress isolated)' : ''}` : '—'],
        ]}
      />
      <section className="mt-4">
        <h3 className="mb-1 font-semibold">Services sending it traffic</h3>
        {services.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">None: no Service has this pod as an endpoint.</p>
        ) : (
          <ul>
            {services.map((service) => (
              <li key={service.id}>
                <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => onSelect(service.id)}>
                  {service.namespace}/{service.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Command text={`kubectl describe pod ${pod.name} -n ${pod.namespace}`} />
    </>
  );
}

/**
 * The endpoints of each slice, one group per slice (its name and ports above its rows).
 * Cells never break inside a word: as the panel narrows, ZONE and then NODE give way
 * (container queries), and what is left scrolls sideways rather than breaking names.
 */
function SlicesTable({ rows, onSelect }: { rows: EndpointRow[]; onSelect: (id: string) => void }) {
  const slices = [...new Set(rows.map((row) => row.slice))];
  const cell = 'pr-3 whitespace-nowrap';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="slices-table">
        <thead>
          <tr>
            <th className={cell}>ADDRESS</th>
            <th className={cell}>READY</th>
            <th className={cell}>SERVING</th>
            <th className={cell}>
              <abbr title="TERMINATING" className="no-underline">
                TERM.
              </abbr>
            </th>
            <th className={`${cell} @max-md:hidden`}>NODE</th>
            <th className={`${cell} @max-lg:hidden`}>ZONE</th>
            <th className={cell}>POD</th>
          </tr>
        </thead>
        {slices.map((slice) => {
          const own = rows.filter((row) => row.slice === slice);
          return (
            <tbody key={slice} className="font-mono" data-slice={slice}>
              <tr>
                <th colSpan={7} scope="rowgroup" className="pt-2 font-sans font-medium">
                  {slice} <span className="font-normal text-slate-600 dark:text-slate-400">{own[0]?.ports.join(', ') || 'no ports'}</span>
                </th>
              </tr>
              {own.map((row) => (
                <tr key={`${row.address}-${row.target}`} data-testid="endpoint-row">
                  <td className={cell}>{row.address}</td>
                  <td className={cell}>{String(row.ready)}</td>
                  <td className={cell}>{String(row.serving)}</td>
                  <td className={cell}>{String(row.terminating)}</td>
                  <td className={`${cell} @max-md:hidden`}>{row.node ?? ''}</td>
                  <td className={`${cell} @max-lg:hidden`}>{row.zone ?? ''}</td>
                  <td className={cell}>
                    {row.pod ? (
                      <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => onSelect(row.target)}>
                        {row.pod}
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

const widthKey = 'svcmap-panel-width';
const defaultWidth = 544;

/** The panel's width, as the user last dragged it (kept in localStorage). */
function usePanelWidth(): [number, (width: number) => void] {
  const [width, setWidth] = useState(() => {
    const stored = typeof localStorage === 'undefined' ? NaN : Number(localStorage.getItem(widthKey));
    return Number.isFinite(stored) && stored >= 320 ? stored : defaultWidth;
  });
  return [
    width,
    (next: number) => {
      const clamped = Math.round(Math.min(Math.max(next, 320), window.innerWidth * 0.7));
      setWidth(clamped);
      localStorage.setItem(widthKey, String(clamped));
    },
  ];
}

/** A handle on the panel's left edge: drag it, or focus it and press ← / →. */
function ResizeHandle({ width, onResize }: { width: number; onResize: (width: number) => void }) {
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the details panel"
      aria-valuenow={width}
      aria-valuemin={320}
      tabIndex={0}
      className="absolute inset-y-0 left-0 w-1.5 cursor-col-resize hover:bg-sky-400 focus-visible:bg-sky-500 focus-visible:outline-none max-lg:hidden"
      onPointerDown={(event) => {
        const startX = event.clientX;
        const startWidth = width;
        const target = event.currentTarget;
        target.setPointerCapture(event.pointerId);
        const move = (moveEvent: PointerEvent) => onResize(startWidth + startX - moveEvent.clientX);
        const up = () => {
          target.removeEventListener('pointermove', move);
          target.removeEventListener('pointerup', up);
        };
        target.addEventListener('pointermove', move);
        target.addEventListener('pointerup', up);
      }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowLeft') onResize(width + 32);
        if (event.key === 'ArrowRight') onResize(width - 32);
      }}
    />
  );
}
