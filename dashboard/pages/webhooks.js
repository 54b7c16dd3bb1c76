import { api, tenantPath } from "../lib/api.js";
import { h, table, when } from "../lib/dom.js";

/** Whether a webhook gets deliveries, and why not when the gateway turned it off (a `410 Gone`). */
export function webhookState(w) {
  if (w.enabled) return h("span", { class: "badge delivered" }, "enabled");
  return h("span", {}, h("span", { class: "badge failed" }, "disabled"), w.disabledReason ? ` ${w.disabledReason}` : null);
}

/**
 * The tenant's webhooks (README "Webhooks"). One KV list and a read per webhook; the deliveries
 * are on each webhook's own page, so this page wakes no WebhookEndpoint object.
 */
export async function renderWebhooks({ tenant }) {
  const webhooks = await api("GET", tenantPath(tenant, "/webhooks"));
  const rows = webhooks.data.map((w) =>
    h(
      "tr",
      {},
      h("td", {}, h("a", { href: `/dashboard/${encodeURIComponent(tenant)}/webhooks/${encodeURIComponent(w.name)}` }, w.name)),
      h("td", { class: "mono" }, w.url),
      h("td", {}, w.events.join(", ")),
      h("td", {}, webhookState(w)),
      h("td", {}, when(w.updatedAt)),
    ),
  );
  return h(
    "section",
    {},
    h("h1", {}, "Webhooks"),
    table("Webhooks (their signing secrets are shown once, when created, never here)", ["Name", "URL", "Events", "State", "Updated"], rows),
    h(
      "p",
      { class: "muted note" },
      "Webhooks announce the end of background responses (POST /v1/responses with background: true). ",
      "Create, update or delete them with PUT/DELETE /admin/v1/tenants/{tenant}/webhooks/{name} or in gateway.config.jsonc ",
      '(README "Webhooks"). Open one for its recent deliveries.',
    ),
  );
}
