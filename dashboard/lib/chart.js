import { h, table } from "./dom.js";

/** uPlot's minified build (a third of its ES module's size) defines a global; index.html loads it first. */
const uPlot = globalThis.uPlot;

/** Series colours, distinguishable in both themes; the table fallback carries the same values. */
const COLOURS = ["#2f7d32", "#c62828", "#ef6c00", "#6a1b9a", "#1565c0", "#00838f", "#6d4c41"];

/** Room for a value axis' labels ("1500 ms", "$0.0012"). */
const AXIS_PX = 70;

/** A time in the viewer's timezone, the UTC time beside it (charts' hover, table cells' title). */
export const localAndUtc = (epochSeconds) => {
  const date = new Date(epochSeconds * 1000);
  return `${date.toLocaleString()} (UTC ${date.toISOString().slice(0, 16).replace("T", " ")})`;
};

/**
 * A time-series chart (uPlot) and its table fallback. `series`: `{ label, values, format?, scale? }`,
 * one value per time in `times` (epoch seconds); a series with its own `scale` gets a right-hand axis. `stacked` draws each series on top of the ones before
 * it (the legend and the table still show each series' own values).
 */
export function timeChart({ title, times, series, stacked = false, format = String }) {
  const drawn = stacked ? cumulative(series.map((s) => s.values)) : series.map((s) => s.values);
  const holder = h("div", { class: "chart-canvas", "aria-hidden": "true" });
  const figure = h(
    "figure",
    { class: "chart", "data-points": String(times.length), "aria-label": title },
    h("figcaption", {}, title),
    holder,
    h(
      "details",
      { class: "chart-table" },
      h("summary", {}, `${title}: table`),
      table(
        title,
        ["Time", ...series.map((s) => s.label)],
        times.map((t, i) =>
          h(
            "tr",
            {},
            h("td", { title: new Date(t * 1000).toISOString() }, new Date(t * 1000).toLocaleString()),
            series.map((s) => h("td", { "data-value": s.values[i] ?? "" }, (s.format ?? format)(s.values[i]))),
          ),
        ),
      ),
    ),
  );
  // Drawn in reverse for stacks: the tallest (last cumulative) first, so each smaller fill stays visible.
  const order = series.map((_, i) => i);
  if (stacked) order.reverse();
  const options = {
    width: 600,
    height: 220,
    scales: { x: { time: true } },
    series: [
      { label: "Time", value: (_u, t) => (t === null ? "–" : localAndUtc(t)) },
      ...order.map((i) => ({
        label: series[i].label,
        stroke: COLOURS[i % COLOURS.length],
        // Opaque: each layer covers the taller ones drawn before it, so a band's colour is its own.
        fill: stacked ? COLOURS[i % COLOURS.length] : undefined,
        scale: series[i].scale ?? "y",
        spanGaps: false,
        points: { show: times.length < 80 },
        value: (_u, _v, _si, idx) => (idx === null ? "–" : (series[i].format ?? format)(series[i].values[idx])),
      })),
    ],
    axes: [{}, { size: AXIS_PX, values: (_u, ticks) => ticks.map((v) => format(v)) }, ...rightAxes(series)],
  };
  const plot = new uPlot(options, [times, ...order.map((i) => drawn[i])], holder);
  // The chart follows its container's width (phone-width screens included).
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, holder.clientWidth), height: 220 }));
  resize.observe(holder);
  return figure;
}

function rightAxes(series) {
  return series
    .filter((s) => s.scale)
    .map((s) => ({
      scale: s.scale,
      side: 1,
      size: AXIS_PX,
      grid: { show: false },
      values: (_u, ticks) => ticks.map((v) => (s.format ?? String)(v)),
    }));
}

function cumulative(columns) {
  const sums = [];
  for (const [i, values] of columns.entries()) sums.push(values.map((v, j) => (v ?? 0) + (i ? (sums[i - 1][j] ?? 0) : 0)));
  return sums;
}
