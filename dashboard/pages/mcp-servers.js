import { api, tenantPath } from "../lib/api.js";
import { field, fill, h, status, table, when } from "../lib/dom.js";

/**
 * The tenant's upstream MCP servers (README "MCP gateway"): list, add or edit, delete. Header
 * names show; sealed values never reach the page (the API does not send them) and plain header
 * values appear only in the edit form, where they must be resent.
 */
export async function renderMcpServers(ctx) {
  const { tenant } = ctx;
  const servers = (await api("GET", tenantPath(tenant, "/mcp-servers"))).data;
  const rerender = () => ctx.navigate(location.pathname);
  const form = serverForm(tenant, rerender);
  const rows = servers.map((s) =>
    h(
      "tr",
      {},
      h("td", {}, s.name),
      h("td", { class: "mono" }, s.url),
      h("td", { class: "mono" }, s.backupUrls?.join(" ") || "–"),
      h("td", {}, `${s.timeoutMs} ms`),
      h("td", {}, s.tools?.join(", ") ?? "all"),
      h("td", {}, s.idempotentTools?.join(", ") || "–"),
      h("td", {}, headerNames(s).join(", ") || "–"),
      h("td", {}, s.logContent),
      h("td", {}, when(s.updatedAt)),
      h(
        "td",
        {},
        h("button", { type: "button", "aria-label": `Edit ${s.name}`, onclick: () => form.edit(s) }, "Edit"),
        " ",
        h(
          "button",
          {
            type: "button",
            "aria-label": `Delete ${s.name}`,
            onclick: async () => {
              if (!confirm(`Delete MCP server ${s.name}? Its tools leave /mcp at once.`)) return;
              await api("DELETE", tenantPath(tenant, `/mcp-servers/${encodeURIComponent(s.name)}`));
              rerender();
            },
          },
          "Delete",
        ),
      ),
    ),
  );
  return h(
    "section",
    {},
    h("h1", {}, "MCP servers"),
    table(
      "Upstream MCP servers (sealed header values are write-only: only their names show)",
      ["Name", "URL", "Backup URLs", "Timeout", "Exposed tools", "Idempotent tools", "Headers", "Log content", "Updated", ""],
      rows,
    ),
    form.element,
  );
}

/** Header names, the sealed ones marked: values are never shown in the list. */
function headerNames(server) {
  const sealed = Object.keys(server.secretHeaderFingerprints ?? {}).map((name) => `${name} (sealed)`);
  return [...Object.keys(server.headers ?? {}), ...sealed];
}

const lines = (text) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
const list = (text) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * `Name: value` lines → the API's headers object. `Name:` with no value removes a sealed header
 * (the API keeps a sealed header a PUT does not name, since it cannot be read back to be resent).
 */
function parseHeaders(text) {
  const headers = {};
  for (const line of lines(text)) {
    const colon = line.indexOf(":");
    if (colon < 1) throw new Error(`Header line '${line.slice(0, 40)}' needs 'Name: value'.`);
    const value = line.slice(colon + 1).trim();
    headers[line.slice(0, colon).trim().toLowerCase()] = value === "" ? null : value;
  }
  return headers;
}

/** The add/edit form: one PUT to the admin API, whose own message shows on a refusal. */
function serverForm(tenant, rerender) {
  const name = h("input", { name: "name", required: true, maxlength: 64, autocomplete: "off" });
  const url = h("input", { name: "url", type: "url", required: true, placeholder: "https://mcp.example.com/mcp" });
  const backups = h("textarea", { name: "backupUrls", rows: 2, class: "mono" });
  const timeout = h("input", { name: "timeoutMs", type: "number", min: 100, max: 300_000, placeholder: "30000" });
  const tools = h("input", { name: "tools", placeholder: "all" });
  const idempotent = h("input", { name: "idempotentTools" });
  const headers = h("textarea", { name: "headers", rows: 3, class: "mono", autocomplete: "off", spellcheck: false });
  const secretHeaders = h("input", { name: "secretHeaders" });
  const logContent = h(
    "select",
    { name: "logContent" },
    h("option", { value: "full" }, "full"),
    h("option", { value: "metadata" }, "metadata"),
  );
  const title = h("h2", {}, "Add a server");
  const submit = h("button", { type: "submit" }, "Save server");
  const result = h("div", { "aria-live": "polite" });
  const onsubmit = async (event) => {
    event.preventDefault();
    try {
      const body = {
        url: url.value.trim(),
        ...(lines(backups.value).length ? { backupUrls: lines(backups.value) } : {}),
        ...(timeout.value ? { timeoutMs: Number(timeout.value) } : {}),
        ...(list(tools.value).length ? { tools: list(tools.value) } : {}),
        ...(list(idempotent.value).length ? { idempotentTools: list(idempotent.value) } : {}),
        ...(lines(headers.value).length ? { headers: parseHeaders(headers.value) } : {}),
        ...(list(secretHeaders.value).length ? { secretHeaders: list(secretHeaders.value).map((n) => n.toLowerCase()) } : {}),
        logContent: logContent.value,
      };
      await api("PUT", tenantPath(tenant, `/mcp-servers/${encodeURIComponent(name.value.trim())}`), body);
      rerender();
    } catch (error) {
      fill(result, status("error", error.message));
    }
  };
  const element = h(
    "form",
    { class: "card", onsubmit },
    title,
    h(
      "div",
      { class: "toolbar" },
      field("Name", name),
      field("URL", url),
      field("Timeout (ms)", timeout),
      field("Log content", logContent),
      field("Exposed tools (comma-separated)", tools),
      field("Idempotent tools (comma-separated)", idempotent),
      field("Secret headers (comma-separated)", secretHeaders, "Sealed besides credential-like names (authorization, *key*, *token*…)."),
    ),
    field("Backup URLs (one per line)", backups),
    field("Headers (one 'Name: value' per line)", headers, "Sealed headers are kept unless named here; 'Name:' with no value removes one."),
    submit,
    result,
  );
  return {
    element,
    /** Fills the form with a listed server (plain header values only: sealed ones cannot be read back). */
    edit(s) {
      name.value = s.name;
      name.readOnly = true;
      url.value = s.url;
      backups.value = (s.backupUrls ?? []).join("\n");
      timeout.value = String(s.timeoutMs);
      tools.value = s.tools?.join(", ") ?? "";
      idempotent.value = s.idempotentTools?.join(", ") ?? "";
      headers.value = Object.entries(s.headers ?? {})
        .map(([header, value]) => `${header}: ${value}`)
        .join("\n");
      secretHeaders.value = s.secretHeaders?.join(", ") ?? "";
      logContent.value = s.logContent;
      title.textContent = `Edit ${s.name}`;
      fill(
        result,
        status("ok", `Editing ${s.name}. Sealed headers kept: ${Object.keys(s.secretHeaderFingerprints ?? {}).join(", ") || "none"}.`),
      );
      url.focus();
    },
  };
}
