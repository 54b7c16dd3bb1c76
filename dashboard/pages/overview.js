import { api, tenantPath } from "../lib/api.js";
import { timeChart } from "../lib/chart.js";
import { field, filterForm, h } from "../lib/dom.js";
import { ms, percent, usd } from "../lib/format.js";

const RANGES = { "1h": 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };
const OUTCOMES = ["completed", "failed_before_output", "failed_after_output", "client_aborted", "rejected"];
const FILTERS = ["workflow", "target", "key"];
const count = (v) => (v === null || v === undefined ? "–" : String(Math.round(v * 100) / 100));

/** A URL time (ISO, or a datetime-local value) as a datetime-local input's value, in the viewer's timezone. */
function localInput(value) {
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The series query for the URL's range and filters: last hour/24 h/7 days, or a custom from–to. */
export function seriesParams(query, nowMs = Date.now()) {
  const params = new URLSearchParams();
  const range = query.get("range") ?? "1h";
  const [from, to] = [new Date(query.get("from") ?? ""), new Date(query.get("to") ?? "")];
  // A custom range with a date that does not parse (a hand-edited URL) falls back to the last hour.
  if (range === "custom" && !Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime())) {
    params.set("from", from.toISOString());
    params.set("to", to.toISOString());
  } else {
    params.set("from", String(nowMs - (RANGES[range] ?? RANGES["1h"])));
    params.set("to", String(nowMs));
  }
  for (const name of FILTERS) if (query.get(name)) params.set(name, query.get(name));
  return params;
}

/** Charts over time from the tenant's series (one admin call; the index answers from its minute rows). */
export async function renderOverview({ tenant, query, navigate }) {
  const base = `/dashboard/${encodeURIComponent(tenant)}/overview`;
  const data = await api("GET", tenantPath(tenant, `/timeseries?${seriesParams(query)}`));
  const times = data.points.map((p) => Date.parse(p.at) / 1000);
  const column = (pick) => data.points.map(pick);
  const range = query.get("range") ?? "1h";

  const custom = (name) => h("input", { type: "datetime-local", name, value: localInput(query.get(name)), disabled: range !== "custom" });
  const rangeSelect = h(
    "select",
    {
      name: "range",
      onchange: () => {
        for (const input of form.querySelectorAll("input[type=datetime-local]")) input.disabled = rangeSelect.value !== "custom";
      },
    },
    [...Object.keys(RANGES), "custom"].map((r) =>
      h("option", { value: r, selected: r === range }, r === "custom" ? "custom" : `last ${r}`),
    ),
  );
  const form = filterForm(
    (params) => navigate(`${base}?${params}`),
    field("Range", rangeSelect),
    field("From", custom("from")),
    field("To", custom("to")),
    FILTERS.map((name) =>
      field(
        name === "key" ? "Key id" : name[0].toUpperCase() + name.slice(1),
        h("input", { name, value: query.get(name) ?? "", size: 14 }),
      ),
    ),
    h("button", { type: "submit" }, "Show"),
  );

  const charts = [
    timeChart({
      title: "Requests by outcome",
      times,
      stacked: true,
      format: count,
      series: OUTCOMES.map((o) => ({ label: o, values: column((p) => p.byOutcome[o]) })),
    }),
    timeChart({
      title: "Time to first byte",
      times,
      format: ms,
      series: ["p50", "p95", "p99"].map((q) => ({ label: q, values: column((p) => p.ttftMs[q]) })),
    }),
    timeChart({
      title: "Duration",
      times,
      format: ms,
      series: ["p50", "p95", "p99"].map((q) => ({ label: q, values: column((p) => p.durationMs[q]) })),
    }),
    timeChart({
      title: "Tokens and cost",
      times,
      format: count,
      series: [
        { label: "tokens", values: column((p) => p.tokens) },
        { label: "cost", values: column((p) => p.costUsd), format: usd, scale: "usd" },
      ],
    }),
    timeChart({
      title: "Cache",
      times,
      format: count,
      series: [
        { label: "hit rate", values: column((p) => p.cacheHitRate), format: percent },
        { label: "saved", values: column((p) => p.costSavedUsd), format: usd, scale: "usd" },
      ],
    }),
    timeChart({
      title: "Failovers and breaker skips",
      times,
      format: count,
      series: [
        { label: "failovers", values: column((p) => p.failovers) },
        { label: "breaker skips", values: column((p) => p.breakerSkips) },
      ],
    }),
  ];
  const total = data.points.reduce((sum, p) => sum + p.requests, 0);
  return h(
    "section",
    {},
    h("h1", {}, "Overview"),
    h("div", { class: "toolbar" }, form),
    h(
      "p",
      { class: "muted" },
      `${total} requests · ${data.points.length} points of ${data.stepSeconds / 60} min · times in your timezone (${Intl.DateTimeFormat().resolvedOptions().timeZone}), UTC on hover`,
    ),
    h("div", { class: "charts" }, charts),
  );
}
