import { api, tenantPath } from "../lib/api.js";
import { h, table } from "../lib/dom.js";
import { percent, usd } from "../lib/format.js";

/** Cache hit rate and savings per workflow, from the same index aggregates as the Workflows page. */
export async function renderCache({ tenant }) {
  const [workflows, stats] = await Promise.all([
    api("GET", tenantPath(tenant, "/workflows")),
    api("GET", tenantPath(tenant, "/workflow-stats")),
  ]);
  const byName = new Map(stats.data.map((s) => [s.workflow, s]));
  const rows = workflows.data.map((w) => {
    const c = byName.get(w.name)?.cache;
    return h(
      "tr",
      {},
      h("td", {}, w.name),
      h("td", {}, w.cache ? `${w.cache.ttlSeconds} s` : "off"),
      h("td", {}, c?.hits ?? 0),
      h("td", {}, c?.misses ?? 0),
      h("td", {}, c?.bypasses ?? 0),
      h("td", {}, percent(c?.hitRate)),
      h("td", {}, c?.tokensSaved ?? 0),
      h("td", {}, usd(c?.costSavedUsd ?? 0)),
    );
  });
  return h(
    "section",
    {},
    h("h1", {}, "Cache"),
    table(
      "Exact-match cache per workflow",
      ["Workflow", "TTL", "Hits", "Misses", "Bypassed", "Hit rate", "Tokens saved", "Cost saved"],
      rows,
    ),
    h(
      "p",
      { class: "muted note" },
      "Hit rate is hits over cache reads (hits + misses); bypassed requests asked for no-cache/no-store. Window: log retention; source: the log index (8 Durable Object calls).",
    ),
  );
}
