import { ApiError, api, tenantPath } from "../lib/api.js";
import { lineDiff } from "../lib/diff.js";
import { field, fill, h, status } from "../lib/dom.js";
import { json } from "../lib/format.js";
import { tryIt } from "./try-it.js";

/** Every workflow field but targets and the schema, so an edit never drops one (`health: false` above all). */
const POLICY_FIELDS = ["retry", "timeouts", "cache", "logContent", "contract", "health", "hedge", "resumable"];

/**
 * The workflow editor: targets as rows, the policies as JSON, the response contract as a JSON
 * Schema. "Review" asks the API's dry run (POST …/check: the very checks a save runs, the JSON
 * Schema's usability among them) and shows the diff; only "Apply" saves (PUT).
 */
export async function renderWorkflow({ tenant, id: name }) {
  const path = tenantPath(tenant, `/workflows/${encodeURIComponent(name)}`);
  const [current, providers] = await Promise.all([
    api("GET", path).catch((error) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
    api("GET", tenantPath(tenant, "/providers")).then((r) => r.data.map((p) => p.name)),
  ]);
  const targets = targetRows(providers, current?.targets ?? [{ provider: providers[0] ?? "", model: "" }]);
  const policy = h(
    "textarea",
    { rows: 12, spellcheck: false, class: "mono" },
    json(Object.fromEntries(POLICY_FIELDS.map((f) => [f, current?.[f]]).filter(([, v]) => v !== undefined))),
  );
  const schema = h("textarea", { rows: 10, spellcheck: false, class: "mono" }, current?.responseSchema ? json(current.responseSchema) : "");
  const review = h("div", { class: "review", "aria-live": "polite" });

  const collect = () => {
    const parsed = (label, text, fallback) => {
      if (!text.trim()) return fallback;
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new Error(`${label} is not valid JSON: ${error.message}`);
      }
    };
    const body = { ...parsed("Policies", policy.value, {}), targets: targets.value() };
    const responseSchema = parsed("Response contract", schema.value, undefined);
    if (responseSchema !== undefined) body.responseSchema = responseSchema;
    return body;
  };

  const onReview = async (event) => {
    event.preventDefault();
    fill(review, h("p", { class: "muted" }, "Checking…"));
    let body;
    let checked;
    try {
      body = collect();
      checked = await api("POST", `${path}/check`, body);
    } catch (error) {
      return fill(review, status("error", error.param ? `${error.param}: ${error.message}` : error.message));
    }
    const strip = (w) => (w ? json(Object.fromEntries(Object.entries(w).filter(([k]) => k !== "updatedAt" && k !== "name"))) : "");
    const diff = lineDiff(strip(checked.previous), strip(checked.workflow));
    const changed = diff.some((d) => d.op !== " ");
    fill(
      review,
      h("h2", {}, changed ? "Changes to apply" : "No changes"),
      h(
        "pre",
        { class: "diff", "aria-label": "Diff of the stored workflow and the edited one" },
        diff.map((d) => h("span", { class: d.op === "+" ? "add" : d.op === "-" ? "del" : "" }, `${d.op} ${d.line}\n`)),
      ),
      changed
        ? h(
            "button",
            {
              type: "button",
              onclick: async () => {
                try {
                  await api("PUT", path, body);
                  fill(review, status("ok", 'Saved: new requests use it (see README "How soon changes apply").'));
                } catch (error) {
                  fill(review, status("error", error.message));
                }
              },
            },
            "Apply",
          )
        : null,
    );
  };

  return h(
    "section",
    {},
    h("p", {}, h("a", { href: `/dashboard/${encodeURIComponent(tenant)}/workflows` }, "← Workflows")),
    h("h1", {}, current ? `Workflow ${name}` : `New workflow ${name}`),
    h(
      "form",
      { class: "editor", onsubmit: onReview },
      targets.element,
      field("Policies (JSON: retry, timeouts, cache, logContent, contract)", policy, "Omitted fields take the documented defaults."),
      field("Response contract (JSON Schema, draft 2020-12; empty for none)", schema, "Checked by the gateway before anything is saved."),
      h("button", { type: "submit" }, "Review changes"),
    ),
    review,
    current ? tryIt(tenant, name) : null,
  );
}

/** The ordered targets as editable rows: provider, model, move up, remove. */
function targetRows(providers, initial) {
  const list = h("ol", { class: "targets" });
  const add = (t) => {
    const provider = h(
      "select",
      { "aria-label": "Provider" },
      providers.map((p) => h("option", { value: p, selected: p === t.provider }, p)),
    );
    const model = h("input", { value: t.model, "aria-label": "Model", required: true });
    const item = h(
      "li",
      {},
      provider,
      model,
      h("button", { type: "button", "aria-label": "Move up", onclick: () => item.previousElementSibling?.before(item) }, "↑"),
      h("button", { type: "button", "aria-label": "Remove target", onclick: () => item.remove() }, "Remove"),
    );
    list.append(item);
  };
  for (const t of initial) add(t);
  const element = h(
    "fieldset",
    {},
    h("legend", {}, "Targets, in failover order"),
    list,
    h("button", { type: "button", onclick: () => add({ provider: providers[0] ?? "", model: "" }) }, "Add target"),
  );
  const value = () =>
    [...list.children].map((li) => ({ provider: li.querySelector("select").value, model: li.querySelector("input").value.trim() }));
  return { element, value };
}
