import { api, tenantPath } from "../lib/api.js";
import { field, h, table } from "../lib/dom.js";
import { ms, percent, target, usd } from "../lib/format.js";

/**
 * Workflows with their traffic. The figures come from GET …/workflow-stats, which reads the
 * tenant's log index (8 shards, the log retention window), never the records themselves.
 */
export async function renderWorkflows({ tenant, navigate }) {
  const [workflows, stats] = await Promise.all([
    api("GET", tenantPath(tenant, "/workflows")),
    api("GET", tenantPath(tenant, "/workflow-stats")),
  ]);
  const byName = new Map(stats.data.map((s) => [s.workflow, s]));
  const rows = workflows.data.map((w) => {
    const s = byName.get(w.name);
    return h(
      "tr",
      {},
      h("td", {}, h("a", { href: `/dashboard/${encodeURIComponent(tenant)}/workflows/${encodeURIComponent(w.name)}` }, w.name)),
      h("td", {}, w.targets.map(target).join(" → ")),
      h("td", {}, s?.requests ?? 0),
      h("td", {}, percent(s?.errorRate)),
      h("td", {}, s?.ttfbP50Ms === undefined ? "–" : `≤ ${ms(s.ttfbP50Ms)}`),
      h("td", {}, s?.ttfbP95Ms === undefined ? "–" : `≤ ${ms(s.ttfbP95Ms)}`),
      h("td", {}, usd(s?.spendUsd ?? 0)),
    );
  });
  return h(
    "section",
    {},
    h("h1", {}, "Workflows"),
    newWorkflowForm(tenant, navigate),
    table("Workflows and their traffic", ["Workflow", "Targets", "Requests", "Failed", "TTFB p50", "TTFB p95", "Spend"], rows),
    h(
      "p",
      { class: "muted note" },
      "Traffic, failure rate (failed before or after output, over all requests), time to first byte and spend cover the log retention window. ",
      "They come from the tenant's log index: GET /admin/v1/tenants/{tenant}/workflow-stats asks each of its 8 shards once, so this page costs ",
      "the workflow list (one KV list plus one read per workflow) and 8 Durable Object calls, however much traffic there was. ",
      "Percentiles are read off a histogram, so they are upper bounds (≤ the bucket edge).",
    ),
  );
}

/** Names a new workflow and opens the editor on it (nothing is stored until the editor applies). */
function newWorkflowForm(tenant, navigate) {
  const name = h("input", { required: true, pattern: "[a-zA-Z0-9][a-zA-Z0-9._\\-]*", maxlength: 64 });
  return h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        navigate(`/dashboard/${encodeURIComponent(tenant)}/workflows/${encodeURIComponent(name.value.trim())}`);
      },
    },
    field("New workflow name", name),
    h("button", { type: "submit" }, "New workflow"),
  );
}
