/** The element with this id, of this kind; a page that lacks it is a bug, said plainly. */
export function element<T extends HTMLElement>(id: string, kind: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`the page has no <${kind.name}> #${id}`);
  return found;
}

/** Writes text, never HTML: user data (file names, CSV contents, messages) stays text. */
export function setText(target: HTMLElement, text: string): void {
  target.textContent = text;
}

/** A select's choices: each value with its label, as text (a user's names stay text). */
export function setOptions(
  select: HTMLSelectElement,
  choices: readonly { readonly value: string; readonly label: string }[],
): void {
  select.replaceChildren(
    ...choices.map(({ value, label }) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
}

/** A table body from rows of plain strings (text nodes only). */
export function fillTable(
  table: HTMLTableElement,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const cell of header) {
    const th = document.createElement('th');
    th.textContent = cell;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell;
  }
}
