// The default output: an aligned text table, then the notes of the figures that have one.
import type { Figure } from './figure.js';
import { COLUMNS, rowOf } from './format.js';

export function renderTable(figures: readonly Figure[]): string {
  const rows = [[...COLUMNS], ...figures.map(rowOf)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  const notes = figures
    .filter((f) => f.note)
    .map((f) => `  ${f.name} (${f.baseline ?? 'no baseline'}): ${f.note}`);
  if (notes.length) out.push('', 'notes:', ...[...new Set(notes)]);
  return out.join('\n');
}
