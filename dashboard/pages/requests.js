import { api, tenantPath } from "../lib/api.js";
import { field, filterForm, h, table, when } from "../lib/dom.js";
import { ms, target, usd } from "../lib/format.js";

const OUTCOMES = ["completed", "failed_before_output", "failed_after_output", "client_aborted", "rejected"];
const PAGE = 50;
/** The columns of `summaryRow`. */
export const SUMMARY_HEADERS = [
  "Received",
  "Request",
  "Workflow",
  "Outcome",
  "Status",
  "Served by",
  "Attempts",
  "Cache",
  "First byte",
  "Duration",
  "Tokens",
  "Cost",
];

/** The request log, newest first, filtered by outcome, workflow and key (the index's own filters). */
export async function renderRequests({ tenant, query, navigate }) {
  const base = `/dashboard/${encodeURIComponent(tenant)}/requests`;
  const workflows = (await api("GET", tenantPath(tenant, "/workflows"))).data.map((w) => w.name);
  const filters = Object.fromEntries(["outcome", "workflow", "keyId"].map((name) => [name, query.get(name) ?? ""]));

  const select = (name, options) =>
    h(
      "select",
      { name },
      h("option", { value: "" }, "any"),
      options.map(([value, label]) => h("option", { value, selected: filters[name] === value }, label)),
    );
  const filterBar = filterForm(
    (params) => navigate(`${base}${params.size ? `?${params}` : ""}`),
    field(
      "Outcome",
      select(
        "outcome",
        OUTCOMES.map((o) => [o, o]),
      ),
    ),
    field(
      "Workflow",
      select(
        "workflow",
        workflows.map((w) => [w, w]),
      ),
    ),
    // A key id typed in, not a list of keys: listing keys reads each key's usage object (and its
    // spend from 8 index shards), too dear for a filter (ids are on the Keys page and in records).
    field("Key id", h("input", { name: "keyId", value: filters.keyId, placeholder: "key_…", pattern: "key_[0-9A-Za-z_\\-]+", size: 18 })),
    h("button", { type: "submit" }, "Filter"),
  );
  const searchInput = h("input", { name: "id", placeholder: "req_…", pattern: "req_[0-9a-z]{26}", required: true });
  const search = h(
    "form",
    {
      class: "filters",
      role: "search",
      onsubmit: (event) => {
        event.preventDefault();
        navigate(`${base}/${encodeURIComponent(searchInput.value.trim())}`);
      },
    },
    field("Request id", searchInput),
    h("button", { type: "submit" }, "Open"),
  );

  const body = h("tbody");
  const more = h("button", { type: "button", hidden: true }, "Load more");
  const list = table("Requests, newest first", SUMMARY_HEADERS, []);
  list.querySelector("tbody").replaceWith(body);
  let cursor = null;
  const load = async () => {
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
    if (cursor) params.set("cursor", cursor);
    const page = await api("GET", tenantPath(tenant, `/logs?${params}`));
    for (const s of page.data) body.append(summaryRow(base, s));
    if (!body.children.length) body.append(h("tr", {}, h("td", { colspan: SUMMARY_HEADERS.length, class: "muted" }, "No requests match.")));
    cursor = page.next_cursor;
    more.hidden = !page.has_more;
  };
  more.addEventListener("click", load);
  await load();
  return h("section", {}, h("h1", {}, "Requests"), h("div", { class: "toolbar" }, filterBar, search), list, more);
}

/** One index entry as a table row (the requests list and the live tail). */
export function summaryRow(base, s) {
  return h(
    "tr",
    {},
    h("td", {}, when(s.receivedAt)),
    h("td", {}, h("a", { href: `${base}/${s.id}`, class: "mono" }, s.id)),
    h("td", {}, s.workflow ?? "–"),
    h("td", {}, h("span", { class: `badge ${s.outcome}` }, s.outcome)),
    h("td", {}, s.httpStatus),
    h("td", {}, target(s.servedBy)),
    h("td", {}, s.attempts),
    h("td", {}, s.cache ?? "–"),
    h("td", {}, ms(s.firstByteMs)),
    h("td", {}, ms(s.completedMs)),
    h("td", {}, s.totalTokens ?? "–"),
    h("td", {}, usd(s.costUsd)),
  );
}
