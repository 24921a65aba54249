// What a card shows when the map is zoomed out below a readable size (semantic zoom):
// its name and one fact, in a font that grows as the zoom shrinks, so it stays ~13 px on
// screen. CSS (globals.css, by the pane's data-band) decides which of the two shows, so a
// zoom changes no React state and re-renders no node.
export function CardSummary({ name, detail }: { name: string; detail?: string }) {
  return (
    <div className="card-summary" aria-hidden="true">
      <span className="truncate">{name}</span>
      {detail && <span className="card-summary-detail">{detail}</span>}
    </div>
  );
}
