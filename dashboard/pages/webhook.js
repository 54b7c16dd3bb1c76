import { api, tenantPath } from "../lib/api.js";
import { fill, h, status, table, when } from "../lib/dom.js";
import { httpResult, ms } from "../lib/format.js";
import { webhookState } from "./webhooks.js";

/** How long a redelivery's attempt is waited for before the page says it is still pending. */
const REDELIVER_WAIT_MS = 10_000;
const POLL_MS = 500;

/**
 * One webhook and its newest 100 deliveries (one call to its WebhookEndpoint object), each with
 * its attempts and a Redeliver button: one new attempt now, same id and body (202), whose
 * result the page waits for, bounded.
 */
export async function renderWebhook({ tenant, id: name }) {
  const path = tenantPath(tenant, `/webhooks/${encodeURIComponent(name)}`);
  const [webhook, deliveries] = await Promise.all([api("GET", path), api("GET", `${path}/deliveries`)]);
  const row = (label, value) => [h("dt", {}, label), h("dd", {}, value ?? "–")];
  return h(
    "section",
    {},
    h("p", {}, h("a", { href: `/dashboard/${encodeURIComponent(tenant)}/webhooks` }, "← Webhooks")),
    h("h1", {}, `Webhook ${webhook.name}`),
    h(
      "dl",
      { class: "facts" },
      row("URL", h("span", { class: "mono" }, webhook.url)),
      row("Events", webhook.events.join(", ")),
      row("State", webhookState(webhook)),
      row("Created", when(webhook.createdAt)),
      row("Updated", when(webhook.updatedAt)),
    ),
    table(
      "Recent deliveries, newest first",
      ["Delivery id", "Event", "Request", "Status", "Attempts", "Next attempt", "Created", "Redeliver"],
      deliveries.data.map((d) => deliveryRow(tenant, path, d)),
    ),
  );
}

const attemptsText = (attempts) =>
  attempts.length ? `${attempts.length}: ${attempts.map((a) => httpResult(a.status, a.error)).join(", ")}` : "none yet";

function deliveryRow(tenant, path, delivery) {
  const statusCell = h("td");
  const attemptsCell = h("td");
  const nextCell = h("td");
  const show = (d) => {
    fill(statusCell, h("span", { class: `badge ${d.status}` }, d.status));
    fill(attemptsCell, attemptsText(d.attempts));
    fill(nextCell, when(d.nextAttemptAt));
  };
  show(delivery);
  const result = h("div", { "aria-live": "polite" });
  const button = h(
    "button",
    {
      type: "button",
      "aria-label": `Redeliver ${delivery.id}`,
      onclick: async () => {
        button.disabled = true;
        fill(result, h("span", { class: "muted" }, "Redelivering…"));
        try {
          const queued = await api("POST", `${path}/deliveries/${delivery.id}/redeliver`);
          show(queued);
          const done = await attemptAfter(path, delivery.id, queued.attempts.length);
          if (!done) return fill(result, status("ok", "Queued (pending): its attempt has not answered yet; reload later."));
          show(done);
          const last = done.attempts.at(-1);
          const text = `Redelivered: ${httpResult(last.status, last.error)} in ${ms(last.durationMs)}; delivery ${done.status}.`;
          fill(result, status(done.status === "delivered" ? "ok" : "error", text));
        } catch (error) {
          fill(result, status("error", error.message));
        } finally {
          button.disabled = false;
        }
      },
    },
    "Redeliver",
  );
  return h(
    "tr",
    {},
    h("td", { class: "mono" }, delivery.id),
    h("td", {}, delivery.eventType),
    h(
      "td",
      {},
      h(
        "a",
        { class: "mono", href: `/dashboard/${encodeURIComponent(tenant)}/requests/${encodeURIComponent(delivery.requestId)}` },
        delivery.requestId,
      ),
    ),
    statusCell,
    attemptsCell,
    nextCell,
    h("td", {}, when(delivery.createdAt)),
    h("td", {}, button, result),
  );
}

/** Polls the deliveries until this one has more than `seen` attempts; null when none came in time. */
async function attemptAfter(path, id, seen) {
  const deadline = Date.now() + REDELIVER_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const delivery = (await api("GET", `${path}/deliveries`)).data.find((d) => d.id === id);
    if (delivery && delivery.attempts.length > seen && delivery.status !== "pending") return delivery;
  }
  return null;
}
