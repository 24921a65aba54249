'use client';
// A kubectl-style table for the details panel: upper-case headers, monospace cells.
import type { ReactNode } from 'react';

interface Props {
  headers: string[];
  rows: ReactNode[][];
  testId: string;
  /** Break long values (messages, image names) anywhere instead of widening the table. */
  breakAll?: boolean;
}

export function Table({ headers, rows, testId, breakAll = false }: Props) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid={testId}>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} className="pr-2">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="font-mono">
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column} className={breakAll ? 'pr-2 break-all' : 'pr-2'}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
