import { api, tenantPath } from "../lib/api.js";
import { curlFor } from "../lib/curl.js";
import { h, status, when } from "../lib/dom.js";
import { body as bodyText, json, target, usd } from "../lib/format.js";
import { renderTimeline } from "../lib/timeline.js";
import { playground } from "./playground.js";
import { durablePanels } from "./request-durable.js";

/**
 * One request: its timeline (and, when durable, its generation and webhook attempts), and beside
 * it what was sent, what came back, and what it cost.
 */
export async function renderRequest({ tenant, id }) {
  const record = await api("GET", tenantPath(tenant, `/logs/${encodeURIComponent(id)}`));
  const flags = [
    h("span", { class: `badge ${record.outcome}` }, record.outcome),
    record.partialOutput ? h("span", { class: "badge warn" }, "partial output") : null,
    record.disconnect ? h("span", { class: "badge warn" }, `disconnect: ${record.disconnect}`) : null,
    record.cache ? h("span", { class: "badge" }, `cache ${record.cache}`) : null,
    record.durable ? h("span", { class: "badge" }, `durable: ${record.durable.mode}`) : null,
  ];
  return h(
    "section",
    {},
    h("p", {}, h("a", { href: `/dashboard/${encodeURIComponent(tenant)}/requests` }, "← Requests")),
    h("h1", {}, "Request ", h("span", { class: "mono" }, record.id)),
    h("p", { class: "flags" }, flags),
    record.error ? status("error", `${record.error.code ?? record.error.type}: ${record.error.message}`) : null,
    h(
      "div",
      { class: "detail" },
      h("div", { class: "main-col" }, renderTimeline(record), durablePanels(record, tenant)),
      h("aside", { class: "side-col" }, facts(record), bodies(record), playground(tenant, record)),
    ),
  );
}

function facts(r) {
  const row = (name, value) => [h("dt", {}, name), h("dd", {}, value ?? "–")];
  return h(
    "dl",
    { class: "facts" },
    row("Received", when(r.receivedAt)),
    row("Workflow", r.workflow),
    row("Key", r.keyId),
    row("Client request id", r.clientRequestId),
    row("Trace id", r.traceId),
    row("Served by", target(r.servedBy)),
    row("HTTP status", r.httpStatus),
    r.mcp ? mcpFacts(r.mcp, row) : chatFacts(r, row),
    row("Log content", r.logContent),
  );
}

/** An `/mcp` request: the JSON-RPC method and where it went, instead of tokens and prices. */
function mcpFacts(m, row) {
  return [row("MCP method", m.method), row("MCP server", m.server), row("Tool", m.tool)];
}

function chatFacts(r, row) {
  return [
    row("Stream", r.stream ? "yes" : "no"),
    row("Usage", r.usage ? usageText(r.usage) : null),
    row("Cost", usd(r.costUsd)),
    row("Price source", r.priceSource),
    row("Cache", r.cache),
    row("Saved by cache", r.costSavedUsd ? usd(r.costSavedUsd) : null),
    row("Contract", r.contract ? `${r.contract.verdict} (${r.contract.source}, ${r.contract.streamMode})` : "none"),
    r.contract?.errors.length ? row("Contract errors", r.contract.errors.map((e) => `${e.path}: ${e.message}`).join("; ")) : null,
  ];
}

/** Tokens in and out, with the parts priced apart: cache reads and writes of the prompt, reasoning of the output. */
function usageText(u) {
  const input = [
    u.cachedPromptTokens ? `${u.cachedPromptTokens} cache read` : "",
    u.cacheWriteTokens ? `${u.cacheWriteTokens} cache write` : "",
  ];
  const parts = input.filter(Boolean).join(", ");
  const reasoning = u.reasoningTokens ? ` (${u.reasoningTokens} reasoning)` : "";
  return `${u.promptTokens} in${parts ? ` (${parts})` : ""} · ${u.completionTokens} out${reasoning}${u.estimated ? " (estimated)" : ""}`;
}

function bodies(r) {
  const block = (title, value, open = false) => h("details", { open }, h("summary", {}, title), h("pre", {}, value));
  const curl = r.request ? curlFor(r, location.origin) : null;
  const copied = h("span", { role: "status", class: "muted" });
  return h(
    "div",
    { class: "bodies" },
    curl
      ? h(
          "button",
          {
            type: "button",
            onclick: async () => {
              await navigator.clipboard?.writeText(curl).catch(() => null);
              copied.textContent = " Copied (set $GATEWAY_KEY first).";
            },
          },
          "Copy as curl",
        )
      : null,
    copied,
    r.mcp?.result ? block("MCP result", r.mcp.result, true) : null,
    r.output
      ? block("Output", r.output.text + (r.output.toolCalls.length ? `\n\ntool calls: ${json(r.output.toolCalls)}` : ""), true)
      : null,
    r.request ? block("Request body", bodyText(r.request)) : h("p", { class: "muted" }, "Bodies not kept (logContent: metadata)."),
    // As sent upstream, with the provider's key and any secret the body held shown redacted.
    (r.attemptBodies ?? []).map((body, i) => block(`Attempt ${i + 1} body as sent (${target(r.attempts[i])})`, bodyText(body))),
    r.attempts.map((a, i) =>
      a.upstreamHeaders && Object.keys(a.upstreamHeaders).length
        ? block(
            `Attempt ${i + 1} response headers (${target(a)})`,
            Object.entries(a.upstreamHeaders)
              .map(([name, value]) => `${name}: ${value}`)
              .join("\n"),
          )
        : null,
    ),
    curl ? block("curl", curl) : null,
  );
}
