'use client';
// Namespace filter: "all" or one namespace from those present in the graph. The
// selection lives in the URL (?namespace=a,b) and filters on the server.
export function NamespaceFilter({ known, selected, onChange }: { known: string[]; selected: string[]; onChange: (selected: string[]) => void }) {
  const options = [...new Set([...known, ...selected])].sort();
  return (
    <label className="flex items-center gap-2 text-sm">
      Namespace
      <select
        className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        value={selected.length === 1 ? selected[0] : selected.length === 0 ? '' : selected.join(',')}
        onChange={(event) => onChange(event.target.value ? event.target.value.split(',') : [])}
      >
        <option value="">All namespaces</option>
        {selected.length > 1 && <option value={selected.join(',')}>{selected.join(', ')}</option>}
        {options.map((namespace) => (
          <option key={namespace} value={namespace}>
            {namespace}
          </option>
        ))}
      </select>
    </label>
  );
}
