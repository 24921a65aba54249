// What a card shows when the map is zoomed out below a readable size (semantic zoom):
// its name and one fact, in a font that grows as the zoom shrinks, so it stays ~13 px on
// screen. CSS (globals.css, by the pane's data-band) decides which of the two shows, so a
// zoom changes no React state and re-renders no node.
// A pod's name begins with its workload's (the Service beside it says as much): cut
// short, it keeps its end ("…-7hgsp"), the part that tells one from the next; an IP address too.
export function CardSummary({ name, detail, keepEnd = false }: { name: string; detail?: string; keepEnd?: boolean }) {
  return (
    <div className="card-summary" aria-hidden="true">
      <span className={keepEnd ? 'truncate-start' : 'truncate'}>{keepEnd ? <bdi>{name}</bdi> : name}</span>
      {detail && <span className="card-summary-detail">{detail}</span>}
    </div>
  );
}
