import { field, h, status } from "../lib/dom.js";

/** The sign-in form: the operator's ADMIN_TOKEN or a tenant's admin key, kept for this tab only. */
export function renderSignIn(message, onSubmit) {
  const input = h("input", { type: "password", name: "credential", autocomplete: "off", required: true });
  const form = h(
    "form",
    {
      class: "card narrow",
      onsubmit: (event) => {
        event.preventDefault();
        onSubmit(input.value.trim());
      },
    },
    h("h1", {}, "Sign in"),
    message ? status("error", message) : null,
    field("Admin token or tenant admin key", input, "Kept in this tab's session storage only; never put in a URL."),
    h("button", { type: "submit" }, "Sign in"),
  );
  return form;
}
