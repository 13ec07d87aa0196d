// Plain-text tables: left-aligned columns two spaces apart, no trailing blanks.

/** Cells wider than this do not widen their column; they push the rest of their row to the right. */
export const WIDE_CELL = 40;

/** The lines of a table: the header row, then one line per row. */
export function* tableLines(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): Generator<string> {
  const widths = header.map((h) => h.length);
  for (const row of rows)
    for (let i = 0; i < row.length; i++) {
      const n = row[i]!.length;
      if (n > widths[i]! && n <= WIDE_CELL) widths[i] = n;
    }
  const last = header.length - 1;
  const line = (cells: readonly string[]): string => {
    let s = '';
    for (let i = 0; i < last; i++) s += cells[i]!.padEnd(widths[i]!) + '  ';
    const end = cells[last]!;
    return end === '' ? s.trimEnd() : s + end;
  };
  yield line(header);
  for (const row of rows) yield line(row);
}
