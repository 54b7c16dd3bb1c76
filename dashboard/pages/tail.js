import { api, tenantPath } from "../lib/api.js";
import { h, table } from "../lib/dom.js";
import { summaryRow } from "./requests.js";

/** Poll period and how many rows the tail keeps: a bounded read (one index page) and a bounded page. */
export const TAIL_POLL_MS = 1000;
const TAIL_PAGE = 20;
const TAIL_KEEP = 200;

/**
 * Live tail: requests appear as they end (the index's newest page, polled every second). Polling
 * stops while paused, while the tab is hidden, and for good once the page is left.
 */
export async function renderTail({ tenant, query }) {
  const base = `/dashboard/${encodeURIComponent(tenant)}/requests`;
  const workflow = query.get("workflow");
  const list = table(
    "Requests as they end, newest first",
    ["Received", "Request", "Workflow", "Outcome", "Status", "Served by", "Attempts", "Cache", "Duration", "Tokens", "Cost"],
    [],
  );
  const body = list.querySelector("tbody");
  body.replaceChildren();
  const state = h("p", { class: "status", role: "status" });
  const pause = h("button", { type: "button", "aria-pressed": "false" }, "Pause");
  let seen = new Set();
  let paused = false;
  let timer = null;
  // The section is attached once the first poll has filled it; detached after that means the page was left.
  let left = () => false;

  const poll = async () => {
    timer = null;
    if (left()) return;
    const params = new URLSearchParams({ limit: String(TAIL_PAGE) });
    if (workflow) params.set("workflow", workflow);
    try {
      const page = await api("GET", tenantPath(tenant, `/logs?${params}`));
      for (const s of page.data.filter((s) => !seen.has(s.id)).reverse()) body.prepend(summaryRow(base, s));
      // Ids order by arrival, so an id that left the newest page never comes back: only the page's ids need remembering.
      seen = new Set(page.data.map((s) => s.id));
      while (body.children.length > TAIL_KEEP) body.lastElementChild.remove();
    } catch (error) {
      state.textContent = `Poll failed: ${error.message}`;
    }
    schedule();
  };
  const schedule = () => {
    const hidden = document.visibilityState === "hidden";
    state.textContent = paused ? "Paused." : hidden ? "Paused while the tab is hidden." : `Live: polling every ${TAIL_POLL_MS / 1000} s.`;
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
    h("div", { class: "toolbar" }, pause, state),
    workflow ? h("p", { class: "muted" }, `Workflow ${workflow} only.`) : null,
    list,
  );
  await poll();
  left = () => !section.isConnected;
  return section;
}
