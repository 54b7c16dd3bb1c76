import { api, tenantPath } from "../lib/api.js";
import { h, status, table } from "../lib/dom.js";
import { ms, percent, time } from "../lib/format.js";

/** Each target's circuit (closed, open, half-open), its window's failure ratio and first-event p50, with reset. */
export async function renderHealth({ tenant, navigate }) {
  const health = await api("GET", tenantPath(tenant, "/health"));
  const note = h("div", { "aria-live": "polite" });
  const reset = async (row) => {
    try {
      await api(
        "POST",
        tenantPath(tenant, `/health/${encodeURIComponent(row.provider)}/${row.model.split("/").map(encodeURIComponent).join("/")}/reset`),
      );
      await navigate(location.pathname);
    } catch (error) {
      note.replaceChildren(status("error", error.message));
    }
  };
  const rows = health.data.map((row) =>
    h(
      "tr",
      {},
      h("td", { class: "mono" }, `${row.provider}/${row.model}`),
      h("td", {}, h("span", { class: `badge circuit-${row.state}` }, row.state)),
      h(
        "td",
        {},
        `${percent(row.window.failureRatio)} (${row.window.failures} of ${row.window.outcomes} in ${Math.round(row.window.ms / 1000)} s)`,
      ),
      h("td", {}, ms(row.p50FirstEventMs)),
      h("td", { title: row.openedAt ?? "" }, time(row.openedAt)),
      h("td", { title: row.lastFailureAt ?? "" }, time(row.lastFailureAt)),
      h("td", {}, h("button", { type: "button", onclick: () => reset(row), "aria-label": `Reset ${row.provider}/${row.model}` }, "Reset")),
    ),
  );
  return h(
    "section",
    {},
    h("h1", {}, "Health"),
    h(
      "p",
      { class: "muted" },
      "The circuit breaker of every target this tenant's workflows have used. An open circuit is skipped until it half-opens for a probe; reset closes it and forgets its evidence.",
    ),
    note,
    table("Targets", ["Target", "Circuit", "Recent failures", "First event p50", "Opened", "Last failure", ""], rows),
  );
}
