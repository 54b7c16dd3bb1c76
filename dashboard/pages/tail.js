import { api, tenantPath } from "../lib/api.js";
import { field, filterForm, h, table } from "../lib/dom.js";
import { SUMMARY_HEADERS, summaryRow } from "./requests.js";

/** Poll period and how many rows the tail keeps: a bounded read (one index page) and a bounded page. */
export const TAIL_POLL_MS = 1000;
const TAIL_PAGE = 20;
const TAIL_KEEP = 200;

/**
 * Live tail: requests appear as they end (the index's newest page, polled every second). Polling
 * stops while paused, while the tab is hidden, and for good once the page is left.
 */
export async function renderTail({ tenant, query, navigate }) {
  const base = `/dashboard/${encodeURIComponent(tenant)}/requests`;
  const workflow = query.get("workflow");
  const list = table("Requests as they end, newest first", SUMMARY_HEADERS, []);
  const body = list.querySelector("tbody");
  body.replaceChildren();
  const state = h("p", { class: "status", role: "status" });
  const pause = h("button", { type: "button", "aria-pressed": "false" }, "Pause");
  let seen = new Set();
  let paused = false;
  let timer = null;
  let failure = null;
  // The section is attached once rendered; detached after that means the page was left: polling stops for good.
  let attached = false;
  const left = () => {
    attached ||= section.isConnected;
    return attached && !section.isConnected;
  };

  const params = new URLSearchParams({ limit: String(TAIL_PAGE) });
  if (workflow) params.set("workflow", workflow);
  const read = () => api("GET", tenantPath(tenant, `/logs?${params}`));
  const show = (page) => {
    for (const s of page.data.filter((s) => !seen.has(s.id)).reverse()) body.prepend(summaryRow(base, s));
    // Ids order by arrival, so an id that left the newest page never comes back: only the page's ids need remembering.
    seen = new Set(page.data.map((s) => s.id));
    while (body.children.length > TAIL_KEEP) body.lastElementChild.remove();
  };
  const poll = async () => {
    timer = null;
    // A second after rendering the page is mounted, unless it was already left: then polling ends here.
    if (!section.isConnected) return document.removeEventListener("visibilitychange", onVisibility);
    try {
      show(await read());
      failure = null;
    } catch (error) {
      failure = `Last poll failed (${error.message}); trying again.`;
    }
    schedule();
  };
  const schedule = () => {
    const hidden = document.visibilityState === "hidden";
    state.textContent = paused
      ? "Paused."
      : hidden
        ? "Paused while the tab is hidden."
        : (failure ?? `Live: polling every ${TAIL_POLL_MS / 1000} s.`);
    if (!paused && !hidden && timer === null && !left()) timer = setTimeout(poll, TAIL_POLL_MS);
  };
  const onVisibility = () => {
    if (left()) return document.removeEventListener("visibilitychange", onVisibility);
    if (document.visibilityState === "hidden" && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    schedule();
  };
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? "Resume" : "Pause";
    if (paused && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    schedule();
  });
  document.addEventListener("visibilitychange", onVisibility);
  const section = h(
    "section",
    {},
    h("h1", {}, "Live tail"),
    h(
      "div",
      { class: "toolbar" },
      filterForm(
        (params) => navigate(`/dashboard/${encodeURIComponent(tenant)}/tail${params.size ? `?${params}` : ""}`),
        field("Workflow", h("input", { name: "workflow", value: workflow ?? "", size: 16 })),
        h("button", { type: "submit" }, "Filter"),
      ),
      pause,
      state,
    ),
    list,
  );
  // The first read fails the page (a refused tenant shows the API's reason); later ones say so and retry.
  show(await read());
  schedule();
  return section;
}
