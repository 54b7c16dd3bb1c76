import { field, fill, h, status } from "../lib/dom.js";

/**
 * "Try it": one chat request to this workflow through the public data plane, with an inference
 * key typed here (held by this form only, never stored). Answers which target served it and
 * links to the request's record.
 */
export function tryIt(tenant, workflow) {
  const key = h("input", { type: "password", autocomplete: "off", required: true, placeholder: "sk-gw-…" });
  const prompt = h("input", { value: "Hello!", required: true, size: 40 });
  const result = h("div", { "aria-live": "polite" });
  const onsubmit = async (event) => {
    event.preventDefault();
    fill(result, h("p", { class: "muted" }, "Sending…"));
    const res = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key.value.trim()}`, "content-type": "application/json" },
      body: JSON.stringify({ model: workflow, messages: [{ role: "user", content: prompt.value }] }),
    }).catch((error) => error);
    if (res instanceof Error) return fill(result, status("error", res.message));
    const body = await res.json().catch(() => null);
    const id = res.headers.get("x-request-id");
    const servedBy = res.headers.get("x-gateway-provider")
      ? `${res.headers.get("x-gateway-provider")}/${res.headers.get("x-gateway-model")}`
      : "no target";
    fill(
      result,
      res.ok
        ? status("ok", `HTTP ${res.status}, served by ${servedBy}`)
        : status("error", `HTTP ${res.status}: ${body?.error?.message ?? ""}`),
      body?.choices ? h("pre", {}, body.choices[0]?.message?.content ?? "") : null,
      id ? h("p", {}, h("a", { href: `/dashboard/${encodeURIComponent(tenant)}/requests/${id}` }, `Record of ${id}`)) : null,
    );
  };
  return h(
    "form",
    { class: "card", onsubmit, "aria-labelledby": "try-it-title" },
    h("h2", { id: "try-it-title" }, "Try it"),
    h(
      "div",
      { class: "toolbar" },
      field("Inference key (not stored)", key),
      field("Message", prompt),
      h("button", { type: "submit" }, "Send"),
    ),
    result,
  );
}
