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

export function smallestTextInPage(): SmallestText {
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  const graph = document.querySelector('[data-testid="graph"]');
  const live = document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'live';
  if (!viewport || !graph) return { size: Infinity, text: '', zoom: 0, nodes: 0, live };
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
  return smallest;
}

/** An expression for waitForFunction: true once the page shows a live graph whose every map text is ≥ `minimum` px and nothing is fading. */
export function readableExpression(minimum: number): string {
  return `(() => document.getAnimations().every((animation) => animation.playState !== 'running') && ((r) => r.live && r.nodes > 0 && r.size >= ${minimum})((${smallestTextInPage.toString()})()))()`;
}
