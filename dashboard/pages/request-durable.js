import { h, table, when } from "../lib/dom.js";
import { httpResult, ms } from "../lib/format.js";

/**
 * What a durable request's record adds (README "Durable requests", "Webhooks"): how its
 * generation ran, the requests that attached to it, and the webhook attempts that announced it.
 */
export function durablePanels(record, tenant) {
  return [record.durable ? durablePanel(record.durable) : null, deliveriesPanel(record, tenant)];
}

function durablePanel(d) {
  const row = (name, value) => [h("dt", {}, name), h("dd", {}, value)];
  return h(
    "section",
    { class: "panel", "aria-labelledby": "durable-heading" },
    h("h2", { id: "durable-heading" }, "Durable"),
    h(
      "dl",
      { class: "facts" },
      row("Mode", d.mode),
      row("Status", h("span", { class: `badge ${d.status}` }, d.status)),
      row("Resumable", d.resumable ? "yes (events stored)" : "no"),
      row("Restarts", d.restarts),
    ),
    d.attached.length === 0
      ? h("p", { class: "muted" }, "No other request attached to this generation.")
      : table(
          "Requests attached to this generation (same Idempotency-Key; they have no record of their own)",
          ["Request id", "Arrived", "How"],
          d.attached.map((a) =>
            h(
              "tr",
              {},
              h("td", { class: "mono" }, a.requestId),
              h("td", {}, `${ms(a.atMs)} after receipt`),
              h("td", {}, a.replayed ? "replayed" : "joined live"),
            ),
          ),
        ),
  );
}

/** Every webhook attempt noted in the record, oldest first; shown for background responses even before the first. */
function deliveriesPanel(record, tenant) {
  const notes = record.webhookDeliveries ?? [];
  if (!notes.length && record.durable?.mode !== "background") return null;
  const webhookHref = (name) => `/dashboard/${encodeURIComponent(tenant)}/webhooks/${encodeURIComponent(name)}`;
  return h(
    "section",
    { class: "panel", "aria-labelledby": "deliveries-heading" },
    h("h2", { id: "deliveries-heading" }, "Webhook deliveries"),
    table(
      "Webhook delivery attempts, oldest first",
      ["At", "Webhook", "Event", "Delivery id", "Result", "Duration", "Delivery status"],
      notes.map((n) =>
        h(
          "tr",
          {},
          h("td", {}, when(n.at)),
          h("td", {}, h("a", { href: webhookHref(n.webhook) }, n.webhook)),
          h("td", {}, n.eventType),
          h("td", { class: "mono" }, n.deliveryId),
          h("td", {}, httpResult(n.status, n.error)),
          h("td", {}, ms(n.durationMs)),
          h("td", {}, h("span", { class: `badge ${n.deliveryStatus}` }, n.deliveryStatus)),
        ),
      ),
    ),
  );
}
