// How readable the map is as drawn: the smallest on-screen size of any text shown inside
// the graph's pane (font size × zoom), for the e2e tests and the benchmark. The function
// runs in the page (page.evaluate / waitForFunction), so it uses nothing from outside it.
// Plain TypeScript that Node runs by stripping types (bench/ imports it too), so no
// function here may call another: each is serialised into the page on its own.

export interface SmallestText {
  /** px on screen; Infinity when no text is shown. */
  size: number;
  text: string;
  zoom: number;
  /** Nodes drawn, and whether the stream is live: a readable picture of nothing does not count. */
  nodes: number;
  live: boolean;
}

/**
 * The smallest text shown on the map; with `minimum`, instead whether the page shows a live
 * graph whose every map text is at least that big and nothing is fading (for waitForFunction:
 * the page's CSP forbids the string expressions Playwright would otherwise evaluate).
 */
export function smallestTextInPage(minimum?: number): SmallestText | boolean {
  if (minimum !== undefined && document.getAnimations().some((animation) => animation.playState === 'running')) return false;
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  const graph = document.querySelector('[data-testid="graph"]');
  const live = document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'live';
  if (!viewport || !graph) return minimum === undefined ? { size: Infinity, text: '', zoom: 0, nodes: 0, live } : false;
  const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
  const pane = graph.getBoundingClientRect();
  const smallest: SmallestText = { size: Infinity, text: '', zoom, nodes: Number(graph.getAttribute('data-nodes')), live };
  const walker = document.createTreeWalker(viewport.closest('.react-flow')!, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const element = text.parentElement!;
    if (!text.textContent?.trim() || !element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    if (element.closest('.react-flow__panel')) continue; // controls and menus are page text, not map text
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.bottom < pane.top || box.top > pane.bottom || box.right < pane.left || box.left > pane.right) continue;
    const size = parseFloat(getComputedStyle(element).fontSize) * (viewport.contains(element) ? zoom : 1);
    if (size < smallest.size) Object.assign(smallest, { size, text: text.textContent.trim().slice(0, 40) });
  }
  return minimum === undefined ? smallest : smallest.live && smallest.nodes > 0 && smallest.size >= minimum;
}
