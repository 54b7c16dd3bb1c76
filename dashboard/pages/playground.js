import { field, h, status } from "../lib/dom.js";
import { json } from "../lib/format.js";
import { keyInput, sendAndShow } from "../lib/send.js";

/**
 * "Retry in playground": the request's body, editable, sent again to the same door with a key
 * the person types (not stored). Only for records that kept their body (`logContent: full`).
 */
export function playground(tenant, record) {
  if (!record.request || typeof record.request !== "object") return null;
  const path = record.path ?? "/v1/chat/completions";
  const body = h("textarea", { class: "mono", rows: 12, spellcheck: false }, json(record.request));
  const key = keyInput();
  const result = h("div", { "aria-live": "polite" });
  const onsubmit = (event) => {
    event.preventDefault();
    try {
      JSON.parse(body.value);
    } catch (error) {
      return result.replaceChildren(status("error", `The body is not valid JSON: ${error.message}`));
    }
    return sendAndShow({ tenant, path, key: key.value, body: body.value, result });
  };
  return h(
    "details",
    { class: "playground" },
    h("summary", {}, "Retry in playground"),
    h(
      "form",
      { onsubmit, "aria-label": "Retry in playground" },
      h("p", { class: "muted" }, `POST ${path} with this body (edit it freely) and a key you type; the key is not stored.`),
      field("Request body", body),
      field("Gateway key (not stored)", key),
      h("button", { type: "submit" }, "Send again"),
      result,
    ),
  );
}
