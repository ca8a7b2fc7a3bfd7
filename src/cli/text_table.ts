/** Rows of cells as aligned columns, two spaces apart, as the command line prints its tables. */
export function table(cells: readonly (readonly string[])[]): string {
  const widths = (cells[0] ?? []).map((_, c) =>
    cells.reduce((width, row) => Math.max(width, (row[c] ?? '').length), 0),
  );
  return cells
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
