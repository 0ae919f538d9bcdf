// DOM building for the page. Elements get their text through textContent only, never
// innerHTML: every string comes from run records (error messages, names) and must not be
// interpreted as markup.

/** Attributes, plus three shorthands: text (textContent), className, colour (background colour). */
export type Props = Record<string, string | null | undefined>;

export type Child = Node | string | null | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, children?: readonly Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach((k) => {
      const v = props[k];
      if (v === undefined || v === null) return;
      if (k === 'text') node.textContent = v;
      else if (k === 'className') node.className = v;
      else if (k === 'colour') node.style.backgroundColor = v;
      else node.setAttribute(k, v);
    });
  }
  (children || []).forEach((c) => {
    if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  });
  return node;
}

export function kvList(pairs: readonly (readonly [string, string | number])[]): HTMLDListElement {
  const dl = el('dl', { className: 'kv' });
  pairs.forEach((p) => {
    dl.appendChild(el('dt', { text: p[0] }));
    dl.appendChild(el('dd', { text: String(p[1]) }));
  });
  return dl;
}

export function section(title: string, id: string, children: readonly Child[]): HTMLElement {
  return el('section', { id }, [el('h2', { text: title }), ...children]);
}
