import { api, tenantPath } from "../lib/api.js";
import { fill, h, status, table, when } from "../lib/dom.js";
import { ms, percent } from "../lib/format.js";

const targetName = (row) => `${row.provider}/${row.model}`;

/** Each target's circuit (closed, open, half-open), its window's failure ratio and first-event p50, with reset. */
export async function renderHealth({ tenant }) {
  const note = h("div", { "aria-live": "polite" });
  const holder = h("div");
  const load = async () => {
    const health = await api("GET", tenantPath(tenant, "/health"));
    fill(
      holder,
      table("Targets", ["Target", "Circuit", "Recent failures", "First event p50", "Opened", "Last failure", ""], health.data.map(row)),
    );
  };
  const reset = async (target) => {
    try {
      const model = target.model.split("/").map(encodeURIComponent).join("/");
      await api("POST", tenantPath(tenant, `/health/${encodeURIComponent(target.provider)}/${model}/reset`));
      fill(note, status("ok", `${targetName(target)}: circuit closed, its evidence forgotten.`));
    } catch (error) {
      fill(note, status("error", error.message));
    }
    await load();
  };
  const row = (target) =>
    h(
      "tr",
      {},
      h("td", { class: "mono" }, targetName(target)),
      h("td", {}, h("span", { class: `badge circuit-${target.state}` }, target.state)),
      h(
        "td",
        {},
        target.window.outcomes
          ? `${percent(target.window.failureRatio)} (${target.window.failures} of ${target.window.outcomes} in ${Math.round(target.window.ms / 1000)} s)`
          : `no outcomes in ${Math.round(target.window.ms / 1000)} s`,
      ),
      h("td", {}, ms(target.p50FirstEventMs)),
      h("td", {}, when(target.openedAt)),
      h("td", {}, when(target.lastFailureAt)),
      h("td", {}, h("button", { type: "button", onclick: () => reset(target), "aria-label": `Reset ${targetName(target)}` }, "Reset")),
    );
  await load();
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
    holder,
  );
}
