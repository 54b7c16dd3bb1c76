import { field, h } from "../lib/dom.js";
import { keyInput, sendAndShow } from "../lib/send.js";

/**
 * "Try it": one chat request to this workflow through the public data plane, with an inference
 * key typed here (held by this form only, never stored). Answers which target served it and
 * links to the request's record.
 */
export function tryIt(tenant, workflow) {
  const key = keyInput();
  const prompt = h("input", { value: "Hello!", required: true, size: 40 });
  const result = h("div", { "aria-live": "polite" });
  const onsubmit = (event) => {
    event.preventDefault();
    const body = JSON.stringify({ model: workflow, messages: [{ role: "user", content: prompt.value }] });
    return sendAndShow({ tenant, path: "/v1/chat/completions", key: key.value, body, result });
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
