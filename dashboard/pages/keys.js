import { api, tenantPath } from "../lib/api.js";
import { field, fill, h, status, table, when } from "../lib/dom.js";
import { usd } from "../lib/format.js";

/** Gateway keys (create — shown once —, revoke, limits, usage against budget) and providers (no secrets, ever). */
export async function renderKeys(ctx) {
  const { tenant } = ctx;
  const [keys, providers] = await Promise.all([api("GET", tenantPath(tenant, "/keys")), api("GET", tenantPath(tenant, "/providers"))]);
  const rerender = () => ctx.navigate(location.pathname);
  const keyRows = keys.data.map((k) => {
    const budget = k.limits?.monthlyBudgetUsd;
    const spent = k.usage?.spendThisMonthUsd ?? 0;
    return h(
      "tr",
      {},
      h("td", {}, k.name),
      h("td", { class: "mono" }, k.id),
      h("td", {}, k.role),
      h("td", {}, k.workflows?.join(", ") ?? "all"),
      h("td", {}, k.limits?.requestsPerMinute ? `${k.limits.requestsPerMinute}/min` : "–"),
      h(
        "td",
        {},
        budget
          ? h(
              "span",
              {},
              `${usd(spent)} of ${usd(budget)} `,
              h("meter", { min: 0, max: budget, value: spent, "aria-label": `Budget used by ${k.name}` }),
            )
          : usd(spent),
      ),
      h("td", {}, when(k.usage?.lastUsedAt)),
      h(
        "td",
        {},
        h(
          "button",
          {
            type: "button",
            "aria-label": `Revoke ${k.name}`,
            onclick: async () => {
              if (!confirm(`Revoke key ${k.name} (${k.id})? Requests with it fail at once.`)) return;
              await api("DELETE", tenantPath(tenant, `/keys/${k.id}`));
              rerender();
            },
          },
          "Revoke",
        ),
      ),
    );
  });
  const providerRows = providers.data.map((p) =>
    h(
      "tr",
      {},
      h("td", {}, p.name),
      h("td", {}, p.type),
      h("td", {}, p.baseUrl ?? "default"),
      h("td", {}, p.hasApiKey ? "yes" : "no"),
      h("td", { class: "mono" }, p.apiKeyFingerprint ?? "–"),
    ),
  );
  return h(
    "section",
    {},
    h("h1", {}, "Keys and providers"),
    table("Gateway keys", ["Name", "Id", "Role", "Workflows", "Rate limit", "Spend this month", "Last used", ""], keyRows),
    createKeyForm(tenant, rerender),
    table(
      "Providers (API keys are write-only: only presence and a fingerprint show)",
      ["Name", "Type", "Base URL", "API key", "Fingerprint"],
      providerRows,
    ),
  );
}

function createKeyForm(tenant, rerender) {
  const name = h("input", { name: "name", required: true, maxlength: 128 });
  const role = h(
    "select",
    { name: "role" },
    h("option", { value: "inference" }, "inference"),
    h("option", { value: "admin" }, "admin (manages this tenant)"),
  );
  const workflows = h("input", { name: "workflows", placeholder: "all" });
  const rpm = h("input", { name: "rpm", type: "number", min: 1 });
  const budget = h("input", { name: "budget", type: "number", min: 0.01, step: 0.01 });
  const result = h("div", { "aria-live": "polite" });
  const onsubmit = async (event) => {
    event.preventDefault();
    const limits = {
      ...(rpm.value ? { requestsPerMinute: Number(rpm.value) } : {}),
      ...(budget.value ? { monthlyBudgetUsd: Number(budget.value) } : {}),
    };
    const list = workflows.value
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean);
    try {
      const created = await api("POST", tenantPath(tenant, "/keys"), {
        name: name.value,
        role: role.value,
        ...(list.length ? { workflows: list } : {}),
        ...(Object.keys(limits).length ? { limits } : {}),
      });
      // The secret exists only in this answer: shown once, never stored by the dashboard.
      fill(
        result,
        status("ok", `Key ${created.id} created. Copy it now: it is shown once.`),
        h("pre", { class: "secret", "aria-label": "New key" }, created.key),
        h("button", { type: "button", onclick: rerender }, "Done"),
      );
    } catch (error) {
      fill(result, status("error", error.message));
    }
  };
  return h(
    "form",
    { class: "card", onsubmit },
    h("h2", {}, "Create a key"),
    h(
      "div",
      { class: "toolbar" },
      field("Name", name),
      field("Role", role),
      field("Workflows (comma-separated)", workflows),
      field("Requests per minute", rpm),
      field("Monthly budget (USD)", budget),
    ),
    h("button", { type: "submit" }, "Create key"),
    result,
  );
}
