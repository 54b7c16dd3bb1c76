import { ApiError, api, credential } from "./lib/api.js";
import { fill, h, status } from "./lib/dom.js";
import { renderCache } from "./pages/cache.js";
import { renderHealth } from "./pages/health.js";
import { renderKeys } from "./pages/keys.js";
import { renderMcpServers } from "./pages/mcp-servers.js";
import { renderOverview } from "./pages/overview.js";
import { renderRequest } from "./pages/request.js";
import { renderRequests } from "./pages/requests.js";
import { renderSignIn } from "./pages/sign-in.js";
import { renderTail } from "./pages/tail.js";
import { renderWebhook } from "./pages/webhook.js";
import { renderWebhooks } from "./pages/webhooks.js";
import { renderWorkflow } from "./pages/workflow.js";
import { renderWorkflows } from "./pages/workflows.js";

/** URL → page. Every page lives under /dashboard/{tenant}/, so a page is a shareable link. */
const PAGES = {
  overview: renderOverview,
  requests: (ctx) => (ctx.id ? renderRequest(ctx) : renderRequests(ctx)),
  workflows: (ctx) => (ctx.id ? renderWorkflow(ctx) : renderWorkflows(ctx)),
  tail: renderTail,
  cache: renderCache,
  health: renderHealth,
  webhooks: (ctx) => (ctx.id ? renderWebhook(ctx) : renderWebhooks(ctx)),
  keys: renderKeys,
  mcp: renderMcpServers,
};

const main = document.getElementById("main");
/** Who the credential is (GET /admin/v1/whoami), asked once per sign-in. */
let scope = null;

export function navigate(path) {
  history.pushState(null, "", path);
  return render();
}

async function render() {
  if (!credential.get()) return showSignIn();
  try {
    scope ??= await api("GET", "/whoami");
  } catch (error) {
    return showSignIn(error instanceof ApiError ? error.message : String(error));
  }
  const [, , tenantPart, page = "overview", idPart] = location.pathname.split("/");
  const tenant = tenantPart ? decodeURIComponent(tenantPart) : await defaultTenant();
  if (!tenantPart || !PAGES[page]) return navigate(`/dashboard/${encodeURIComponent(tenant)}/overview`);
  await renderChrome(tenant, page);
  const ctx = { tenant, scope, id: idPart ? decodeURIComponent(idPart) : null, query: new URLSearchParams(location.search), navigate };
  fill(main, h("p", { class: "muted" }, "Loading…"));
  try {
    fill(main, await PAGES[page](ctx));
    const heading = main.querySelector("h1");
    document.title = `${heading?.textContent ?? page} · ${tenant} · Gateway dashboard`;
    // After an in-app navigation, move focus to the new page so screen readers announce it.
    if (document.activeElement && !main.contains(document.activeElement) && document.activeElement !== document.body) main.focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signOut();
    fill(main, h("h1", {}, "Cannot show this page"), status("error", error.message));
  }
}

/** The operator starts on the demo tenant when it exists; a tenant key on its own tenant. */
async function defaultTenant() {
  if (scope.scope === "tenant") return scope.tenant;
  const tenants = (await api("GET", "/tenants")).data.map((t) => t.name);
  return tenants.includes("demo") ? "demo" : (tenants[0] ?? "demo");
}

let tenantsCache = null;
async function renderChrome(urlTenant, page) {
  // A tenant key's chrome always names and links its own tenant, whatever tenant a URL names:
  // the page itself then shows the API's refusal for the other one.
  const tenant = scope.scope === "tenant" ? scope.tenant : urlTenant;
  const nav = document.getElementById("nav");
  nav.hidden = false;
  for (const link of nav.querySelectorAll("a")) {
    link.href = `/dashboard/${encodeURIComponent(tenant)}/${link.dataset.page}`;
    if (link.dataset.page === page) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const who = scope.scope === "global" ? "operator" : `admin key ${scope.keyId}`;
  let picker = h("span", {}, `Tenant ${tenant}`);
  if (scope.scope === "global") {
    tenantsCache ??= (await api("GET", "/tenants")).data.map((t) => t.name);
    const select = h(
      "select",
      { id: "tenant-picker", onchange: () => navigate(`/dashboard/${encodeURIComponent(select.value)}/${page}`) },
      [...new Set([tenant, ...tenantsCache])].map((name) => h("option", { value: name, selected: name === tenant }, name)),
    );
    picker = h("span", {}, h("label", { for: "tenant-picker" }, "Tenant "), select);
  }
  fill(
    document.getElementById("session"),
    picker,
    h("span", { class: "muted" }, ` · ${who} · `),
    h("button", { type: "button", onclick: signOut }, "Sign out"),
  );
}

function showSignIn(message) {
  document.getElementById("nav").hidden = true;
  fill(document.getElementById("session"));
  fill(
    main,
    renderSignIn(message, (value) => {
      credential.set(value);
      scope = null;
      tenantsCache = null;
      return render();
    }),
  );
  main.querySelector("input")?.focus();
}

function signOut() {
  credential.clear();
  scope = null;
  tenantsCache = null;
  history.pushState(null, "", "/dashboard/");
  return showSignIn();
}

// In-app links change the page without reloading (the credential stays in memory and storage).
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a[href^='/dashboard']");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", render);
render();
