// Small typed DOM helpers: elements are looked up once by id and must exist (index.html).

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`index.html has no #${id}`);
  return el as T;
}

/** An element with text and attributes; children appended in order. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** Replaces a table body's rows. */
export function fillRows(table: HTMLTableElement, rows: readonly (readonly (string | number | Node)[])[]): void {
  const body = table.tBodies[0];
  body.replaceChildren(...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, typeof c === 'number' ? String(c) : c)))));
}

export const fmtTime = (ms: number): string => new Date(ms).toLocaleString();
export const fmtNum = (n: number | null | undefined, digits = 2): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(digits);
