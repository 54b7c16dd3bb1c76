/**
 * `h("a", { href, onclick }, ...children)`: a tiny element builder, so pages are plain functions
 * that return DOM. Strings become text nodes (never HTML), which keeps logged content inert.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name in el && typeof value !== "string") el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table with a caption (screen readers announce it) and one header row. */
export function table(caption, headers, rows) {
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        headers.map((title) => h("th", { scope: "col" }, title)),
      ),
    ),
    h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: headers.length, class: "muted" }, "Nothing yet."))),
  );
}

/** A labelled control: the label's `for` ties it to the control for assistive tech and clicks. */
let ids = 0;
export function field(label, control, hint) {
  control.id ||= `f${++ids}`;
  const hintEl = hint ? h("small", { id: `${control.id}-hint`, class: "muted" }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl);
}

/** A polite status region: messages read out without moving focus. */
export function status(kind, text) {
  return h("p", { class: `status ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** A filter form: on submit, its non-empty fields become the URL query handed to `go` (filters live in the URL). */
export function filterForm(go, ...children) {
  const onsubmit = (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.target)) if (value) params.set(name, value);
    go(params);
  };
  return h("form", { class: "filters", onsubmit }, ...children);
}

/** A time in the viewer's timezone, its UTC form on hover (and in `datetime` for assistive tech). */
export function when(iso) {
  if (!iso) return "–";
  return h("time", { datetime: iso, title: `${new Date(iso).toISOString()} (UTC)` }, new Date(iso).toLocaleString());
}
