// A small element builder for the DOM overlay: forms, tables and panels stay plain, accessible HTML.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, "").toLowerCase(), v);
    else if (k === "class") el.className = String(v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: (Child | Child[])[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c === null || c === undefined || c === false) continue;
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** A labelled input with its help line and an error slot that screen readers announce. */
export function field(opts: {
  id: string;
  label: string;
  help?: string;
  input: HTMLInputElement | HTMLSelectElement;
}): { row: HTMLElement; error: HTMLElement; setError(text: string | null): void } {
  const { id, label, help, input } = opts;
  input.id = id;
  const helpId = `${id}-help`;
  const errId = `${id}-error`;
  const error = h("p", { class: "field-error", id: errId, role: "alert", hidden: true });
  input.setAttribute("aria-describedby", help ? `${helpId} ${errId}` : errId);
  const row = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    input,
    help ? h("p", { class: "help", id: helpId }, help) : null,
    error,
  );
  return {
    row,
    error,
    setError(text) {
      error.textContent = text ? `⚠ ${text}` : "";
      error.hidden = !text;
      if (text) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      row.classList.toggle("has-error", Boolean(text));
    },
  };
}

export function clear(el: HTMLElement): void {
  el.replaceChildren();
}
