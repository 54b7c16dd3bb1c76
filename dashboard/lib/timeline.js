import { h } from "./dom.js";
import { ms, target } from "./format.js";

/**
 * A request's lifecycle on one time axis (ms from receipt): received → each attempt as a bar →
 * the commit point → every delivered chunk as a tick → the end, and, for a durable request, the
 * arrival of every request that attached to its generation. Drawn as SVG for the eye, and told
 * again as an ordered list for screen readers (and for anyone who wants to copy the facts).
 */
const SVG = "http://www.w3.org/2000/svg";
const LEFT = 190;
const PLOT = 640;
const ROW = 26;

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The events of a record, in time order, as the timeline draws them. */
export function timelineEvents(record) {
  const committed = record.attempts.find((a) => a.decision === "commit");
  const chunks = record.chunks ?? [];
  const end = record.timings.completedMs;
  return {
    attempts: record.attempts.map((a, i) => ({ ...a, index: i + 1, endMs: a.startedAtMs + a.durationMs })),
    commitMs: committed ? (committed.firstByteMs ?? record.timings.firstByteMs) : null,
    committed,
    chunks,
    // A replay can come hours after the end: the axis stays the generation's own, and later
    // arrivals sit at its right edge (the list below gives their times).
    attached: record.durable?.attached ?? [],
    endMs: Math.max(end, ...chunks.map((c) => c.atMs), ...record.attempts.map((a) => a.startedAtMs + a.durationMs)),
  };
}

export function renderTimeline(record) {
  const t = timelineEvents(record);
  const span = Math.max(t.endMs, 1);
  const x = (atMs) => LEFT + (Math.max(0, atMs) / span) * PLOT;
  const rows = 3 + t.attempts.length + (t.attached.length ? 1 : 0);
  const height = rows * ROW + 40;
  const svg = s("svg", {
    viewBox: `0 0 ${LEFT + PLOT + 130} ${height}`,
    role: "img",
    "aria-labelledby": "timeline-title",
    class: "timeline",
  });
  svg.append(s("title", { id: "timeline-title" }, `Timeline of ${record.id}: ${t.attempts.length} attempt(s), outcome ${record.outcome}`));

  // Axis: five ticks from receipt to the end.
  const axisY = rows * ROW + 12;
  svg.append(s("line", { x1: LEFT, x2: LEFT + PLOT, y1: axisY, y2: axisY, class: "axis" }));
  for (let i = 0; i <= 4; i++) {
    const at = (span * i) / 4;
    svg.append(s("line", { x1: x(at), x2: x(at), y1: 4, y2: axisY + 4, class: "grid" }));
    svg.append(s("text", { x: x(at), y: axisY + 18, class: "tick", "text-anchor": "middle" }, ms(at)));
  }
  const label = (row, text) => svg.append(s("text", { x: 4, y: row * ROW + 17, class: "label" }, text));

  label(0, "received");
  svg.append(s("circle", { cx: x(0), cy: 13, r: 5, class: "mark" }));
  for (const [i, a] of t.attempts.entries()) {
    const row = i + 1;
    label(row, `#${a.index} ${target(a)}`.slice(0, 28));
    const x1 = x(a.startedAtMs);
    const bar = s("rect", {
      x: x1,
      y: row * ROW + 4,
      width: Math.max(2, x(a.endMs) - x1),
      height: ROW - 8,
      rx: 3,
      class: `bar ${a.decision}`,
    });
    bar.append(s("title", {}, attemptText(a)));
    svg.append(bar);
    if (a.firstByteMs !== null)
      svg.append(
        s("line", { x1: x(a.firstByteMs), x2: x(a.firstByteMs), y1: row * ROW + 2, y2: row * ROW + ROW - 2, class: "first-byte" }),
      );
    svg.append(
      s(
        "text",
        { x: x(a.endMs) + 6, y: row * ROW + 17, class: "note" },
        `${a.status ?? "no status"} ${a.errorClass ?? ""} → ${a.decision}`,
      ),
    );
  }
  const chunkRow = t.attempts.length + 1;
  label(chunkRow, `chunks (${t.chunks.length})`);
  for (const c of t.chunks) {
    const tick = s("line", { x1: x(c.atMs), x2: x(c.atMs), y1: chunkRow * ROW + 5, y2: chunkRow * ROW + ROW - 5, class: "chunk" });
    // Hovering a tick names its time and what it carried.
    tick.append(s("title", {}, `${ms(c.atMs)}: ${chunkText(c.data)}`));
    svg.append(tick);
  }
  const attachedRow = chunkRow + 1;
  if (t.attached.length) {
    label(attachedRow, `attached (${t.attached.length})`);
    for (const a of t.attached) {
      const mark = s("circle", {
        cx: x(Math.min(a.atMs, span)),
        cy: attachedRow * ROW + 13,
        r: 5,
        class: `attach${a.replayed ? " replayed" : ""}`,
      });
      mark.append(s("title", {}, attachedText(a)));
      svg.append(mark);
    }
    const later = t.attached.filter((a) => a.atMs > span).length;
    if (later) svg.append(s("text", { x: x(span) + 10, y: attachedRow * ROW + 17, class: "note" }, `${later} after the end`));
  }
  const endRow = attachedRow + (t.attached.length ? 1 : 0);
  label(endRow, "end");
  svg.append(
    s("rect", { x: x(record.timings.completedMs) - 5, y: endRow * ROW + 8, width: 10, height: 10, class: `end ${record.outcome}` }),
  );
  svg.append(s("text", { x: x(record.timings.completedMs) + 8, y: endRow * ROW + 17, class: "note" }, record.outcome));
  if (t.commitMs !== null) {
    svg.append(s("line", { x1: x(t.commitMs), x2: x(t.commitMs), y1: 2, y2: axisY, class: "commit" }));
    svg.append(s("text", { x: x(t.commitMs) + 4, y: axisY - 4, class: "commit-label" }, "commit"));
  }

  return h(
    "figure",
    { class: "timeline-figure" },
    svg,
    h(
      "figcaption",
      {},
      "Bars: attempts (colour = decision); thin marks: first byte; dashed line: commit point; ticks: delivered chunks.",
      t.attached.length ? " Circles: requests that attached (filled: joined live; hollow: replayed after the end)." : null,
    ),
    eventList(record, t),
  );
}

function attemptText(a) {
  return [
    `Attempt ${a.index}: ${target(a)}`,
    `status ${a.status ?? "none"}`,
    a.errorClass ? `error class ${a.errorClass}` : null,
    a.reason ? `reason: ${a.reason}` : null,
    `decision ${a.decision}`,
    `started ${ms(a.startedAtMs)}`,
    `first byte ${ms(a.firstByteMs)}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

function attachedText(a) {
  return `Request ${a.requestId} attached at ${ms(a.atMs)}: ${a.replayed ? "replayed" : "joined live"}`;
}

function eventList(record, t) {
  const chunkSpan = t.chunks.length ? ` between ${ms(t.chunks[0].atMs)} and ${ms(t.chunks.at(-1).atMs)}` : "";
  const end = [
    `End at ${ms(record.timings.completedMs)}: ${record.outcome} (HTTP ${record.httpStatus})`,
    record.disconnect ? `disconnect: ${record.disconnect}` : null,
    record.partialOutput ? "partial output" : null,
    record.error ? `error ${record.error.code ?? record.error.type}: ${record.error.message}` : null,
  ].filter(Boolean);
  return h(
    "ol",
    { class: "events", "aria-label": "Timeline events" },
    h("li", {}, "Received at 0 ms"),
    t.attempts.map((a) => h("li", { class: `attempt ${a.decision}` }, attemptText(a))),
    t.commitMs !== null ? h("li", {}, `Commit at ${ms(t.commitMs)}: ${target(t.committed)}`) : h("li", {}, "No target committed"),
    h("li", {}, `${t.chunks.length} chunk(s) delivered${chunkSpan}${record.chunksTruncated ? " (truncated)" : ""}`),
    t.attached.filter((a) => a.atMs <= t.endMs).map((a) => h("li", { class: "attached" }, attachedText(a))),
    h("li", { class: "end" }, end.join(" · ")),
    t.attached.filter((a) => a.atMs > t.endMs).map((a) => h("li", { class: "attached" }, attachedText(a))),
  );
}

/** What a delivered chunk carried, for its tick's hover: its text when it has one, else its data (both cut at 200 characters). */
export function chunkText(data) {
  let text = data;
  try {
    const event = JSON.parse(data);
    const content = event?.choices?.[0]?.delta?.content ?? event?.delta?.text ?? event?.delta;
    // A chunk without text (the role, the finish reason, usage) shows its data.
    if (typeof content === "string" && content !== "") text = content;
  } catch {
    // not JSON ([DONE], a comment): shown as it is
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
