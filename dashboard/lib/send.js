import { fill, h, status } from "./dom.js";

/** Longest answer text shown after a send (a streamed answer is shown as its raw events). */
const SHOWN_CHARS = 20_000;

/**
 * Sends one request through the public data plane with a key the person typed (held by the form
 * only, never stored), and fills `result` with its status, the target that served it, the answer
 * and a link to its record.
 */
export async function sendAndShow({ tenant, path, key, body, result }) {
  fill(result, h("p", { class: "muted" }, "Sending…"));
  const res = await fetch(path, {
    method: "POST",
    headers: { authorization: `Bearer ${key.trim()}`, "content-type": "application/json" },
    body,
  }).catch((error) => error);
  if (res instanceof Error) return fill(result, status("error", res.message));
  const text = await res.text().catch(() => "");
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a stream, or not JSON: shown as text
  }
  const id = res.headers.get("x-request-id");
  const servedBy = res.headers.get("x-gateway-provider")
    ? `${res.headers.get("x-gateway-provider")}/${res.headers.get("x-gateway-model")}`
    : "no target";
  const answer = json?.choices ? (json.choices[0]?.message?.content ?? "") : json ? null : text.slice(0, SHOWN_CHARS);
  return fill(
    result,
    res.ok
      ? status("ok", `HTTP ${res.status}, served by ${servedBy}`)
      : status("error", `HTTP ${res.status}: ${json?.error?.message ?? ""}`),
    answer ? h("pre", {}, answer) : null,
    id ? h("p", {}, h("a", { href: `/dashboard/${encodeURIComponent(tenant)}/requests/${id}` }, `Record of ${id}`)) : null,
  );
}

/** The password field for a key typed per send (no autocomplete: browsers must not keep it). */
export const keyInput = () => h("input", { type: "password", autocomplete: "off", required: true, placeholder: "sk-gw-…" });
