// Two small DOM helpers, so the views read as markup without a framework.

type Child = Node | string | number | null | undefined | false;

/** `h('button', { class: 'x', onclick }, 'text')`: an element with properties and children.
 *  `class` sets className; `data-*`/`aria-*` keys set attributes; everything else is a property. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Omit<HTMLElementTagNameMap[K], 'style'>> & Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'class') el.className = String(value);
    else if (key.startsWith('data-') || key.startsWith('aria-')) el.setAttribute(key, String(value));
    else (el as unknown as Record<string, unknown>)[key] = value;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** The element with `id`, of the expected type; throws when the page lacks it (a build mistake). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}
