import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { elementsPastWidth, screenshots, signIn, useBrowser, WAIT_MS } from "./dashboard-session.ts";
import { admin, gatewayUrl, useTenant } from "./harness.ts";

/**
 * The Overview charts, the live tail and the health page in real Chromium, against the real gateway
 * after generated traffic: a failover burst, an outage that opens a breaker, cache hits.
 * `npm run screenshots` runs this file with SCREENSHOTS=docs: the README's pictures are its screenshots.
 */
const shoot = screenshots("dashboard-pages");
const { openPage } = useBrowser();
const t = useTenant();
/** The viewer's timezone in these tests: not UTC, so local and UTC times differ on the page. */
const TIMEZONE = "America/New_York";

async function send(workflow: string, content = "hello charts"): Promise<string> {
  const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: workflow, messages: [{ role: "user", content }] }),
  });
  await res.text();
  return res.headers.get("x-request-id") as string;
}

const sum = (points: any[], pick: (p: any) => number) => points.reduce((total, p) => total + pick(p), 0);
const seriesUrl = (from: string, to: string, extra = "") => `/tenants/${t.tenant}/timeseries?from=${from}&to=${to}${extra}`;

describe("dashboard pages: overview charts, live tail, health", () => {
  let page: Page;
  let from: string;
  let to: string;
  const sent = { burst: 5, outage: 6, cached: 3 };
  beforeAll(async () => {
    from = new Date(Date.now() - 10 * 60_000).toISOString();
    // A failover burst (the breaker off, so every request fails over), an outage whose breaker opens, cache hits.
    await t.workflow("burst", "status-503", "echo", { health: false, retry: { maxAttempts: 1, initialBackoffMs: 10, maxBackoffMs: 20 } });
    await t.workflow("outage", "status-500", "echo", {
      retry: { maxAttempts: 1, initialBackoffMs: 10, maxBackoffMs: 20 },
      health: { failureThreshold: 3, failureRatio: 0.5, windowMs: 60_000, openMs: 120_000, halfOpenProbes: 1 },
    });
    await t.workflow("cached", "echo", undefined, { cache: { ttlSeconds: 300 } });
    await t.workflow("plain", "echo");
    await Promise.all(Array.from({ length: sent.burst }, (_, i) => send("burst", `burst ${i}`)));
    for (let i = 0; i < sent.outage; i++) await send("outage", `outage ${i}`);
    for (let i = 0; i < sent.cached; i++) await send("cached", "the same question");
    to = new Date(Date.now() + 60_000).toISOString();
    // The index entries land just after the responses: wait until the series counts every request.
    const total = sent.burst + sent.outage + sent.cached;
    const deadline = Date.now() + WAIT_MS;
    const counted = async () => sum((await admin("GET", seriesUrl(from, to))).points, (p) => p.requests);
    while ((await counted()) < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const final = await counted();
    if (final !== total) throw new Error(`the series counts ${final} of the ${total} requests sent`);
    page = await openPage({ timezoneId: TIMEZONE });
    await signIn(page, inject("adminToken"), `/dashboard/${t.tenant}/overview`);
  }, 60_000);

  it("draws every chart with the API's points and values, and a table fallback for each", async () => {
    const api = await admin("GET", seriesUrl(from, to));
    expect(sum(api.points, (p) => p.failovers)).toBeGreaterThanOrEqual(sent.burst + 3);
    expect(sum(api.points, (p) => p.breakerSkips)).toBeGreaterThanOrEqual(1);
    expect(sum(api.points, (p) => p.cacheHits)).toBeGreaterThanOrEqual(1);

    await page.goto(`${gatewayUrl()}/dashboard/${t.tenant}/overview?range=custom&from=${from}&to=${to}`);
    const charts = page.locator("figure.chart");
    await charts.first().waitFor();
    expect(await charts.count()).toBe(6);
    for (const chart of await charts.all()) {
      expect(Number(await chart.getAttribute("data-points"))).toBe(api.points.length);
      expect(await chart.locator(".uplot canvas").count()).toBe(1);
      expect(await chart.locator(".chart-table tbody tr").count()).toBe(api.points.length);
    }
    /** A chart's table fallback as numbers (null for an empty cell), one array per series. */
    const tableOf = async (title: string) =>
      page.getByRole("figure", { name: title, exact: true }).evaluate((figure) =>
        [...figure.querySelectorAll(".chart-table tbody tr")].map((row) =>
          [...row.querySelectorAll("td[data-value]")].map((cell) => {
            const value = cell.getAttribute("data-value");
            return value === "" ? null : Number(value);
          }),
        ),
      );
    const outcomes = ["completed", "failed_before_output", "failed_after_output", "client_aborted", "rejected"];
    expect(await tableOf("Requests by outcome")).toEqual(api.points.map((p: any) => outcomes.map((o) => p.byOutcome[o])));
    expect(await tableOf("Time to first byte")).toEqual(api.points.map((p: any) => [p.ttftMs.p50, p.ttftMs.p95, p.ttftMs.p99]));
    expect(await tableOf("Duration")).toEqual(api.points.map((p: any) => [p.durationMs.p50, p.durationMs.p95, p.durationMs.p99]));
    expect(await tableOf("Tokens and cost")).toEqual(api.points.map((p: any) => [p.tokens, p.costUsd]));
    expect(await tableOf("Cache")).toEqual(api.points.map((p: any) => [p.cacheHitRate, p.costSavedUsd]));
    expect(await tableOf("Failovers and breaker skips")).toEqual(api.points.map((p: any) => [p.failovers, p.breakerSkips]));

    // Times in the viewer's timezone, UTC beside them: in the table's title, and on the chart's hover.
    const firstTime = page.getByRole("figure", { name: "Requests by outcome" }).locator(".chart-table tbody tr td").first();
    expect(await firstTime.getAttribute("title")).toBe(api.points[0].at);
    expect(await page.locator("main").textContent()).toContain(TIMEZONE);
    const canvas = page.getByRole("figure", { name: "Requests by outcome" }).locator(".u-over");
    await canvas.hover();
    expect(await page.getByRole("figure", { name: "Requests by outcome" }).locator(".u-legend").textContent()).toContain("UTC");
    await shoot(page, "overview", { docs: true });
  });

  it("keeps the filters in the URL: a workflow filter shows that workflow's requests only", async () => {
    await page.getByLabel("Workflow").fill("burst");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/workflow=burst/);
    await expect.poll(() => page.locator("main p.muted").first().textContent(), { timeout: WAIT_MS }).toMatch(/^5 requests/);
    const url = new URL(page.url());
    expect(url.searchParams.get("range")).toBe("custom");
    await page.reload();
    await expect.poll(() => page.locator("main p.muted").first().textContent(), { timeout: WAIT_MS }).toMatch(/^5 requests/);
    expect(await page.getByLabel("Workflow").inputValue()).toBe("burst");
  });

  it("the live tail shows a request sent during the test within 3 s, holds while paused, and stops polling while hidden", async () => {
    await page.goto(`${gatewayUrl()}/dashboard/${t.tenant}/tail`);
    await page.getByRole("heading", { name: "Live tail" }).waitFor();
    await page.getByText(/Live: polling/).waitFor();
    const id = await send("plain");
    const ended = Date.now();
    await page.getByRole("link", { name: id }).waitFor({ timeout: 3_000 });
    expect(Date.now() - ended).toBeLessThan(3_000);
    await shoot(page, "tail", { docs: true });

    await page.getByRole("button", { name: "Pause" }).click();
    const whilePaused = await send("plain");
    await page.waitForTimeout(2_000);
    expect(await page.getByRole("link", { name: whilePaused }).count()).toBe(0);
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("link", { name: whilePaused }).waitFor({ timeout: 3_000 });

    // A hidden tab polls nothing; visible again, it catches up.
    const polls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/logs?")) polls.push(request.url());
    });
    const setVisibility = (state: string) =>
      page.evaluate((value) => {
        Object.defineProperty(document, "visibilityState", { value, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    await page.getByText("Paused while the tab is hidden.").waitFor();
    polls.length = 0;
    const whileHidden = await send("plain");
    await page.waitForTimeout(2_500);
    expect(polls).toEqual([]);
    await setVisibility("visible");
    await page.getByRole("link", { name: whileHidden }).waitFor({ timeout: 3_000 });

    // The filter is in the URL: one workflow's requests only.
    await page.getByLabel("Workflow").fill("cached");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/\/tail\?workflow=cached$/);
    await page.getByRole("heading", { name: "Live tail" }).waitFor();
    await expect.poll(() => page.locator("main tbody tr").count(), { timeout: WAIT_MS }).toBe(sent.cached);
    expect(new Set(await page.locator("main tbody tr td:nth-child(3)").allTextContents())).toEqual(new Set(["cached"]));
  });

  it("the health page shows the open breaker, and resets it from the keyboard", async () => {
    await page.goto(`${gatewayUrl()}/dashboard/${t.tenant}/health`);
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "primary/status-500", exact: true }) });
    await row.waitFor();
    expect(await row.locator(".badge").textContent()).toBe("open");
    // Opening starts a fresh window (the probe's evidence); the last failure is the outage's.
    expect(await row.textContent()).toMatch(/(of \d+|no outcomes) in 60 s/);
    await shoot(page, "health", { docs: true });
    await page.getByRole("button", { name: "Reset primary/status-500" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("primary/status-500: circuit closed").waitFor();
    await expect.poll(() => row.count(), { timeout: WAIT_MS }).toBe(0);
    const health = await admin("GET", `/tenants/${t.tenant}/health`);
    expect(health.data.find((h: any) => h.model === "status-500")).toBeUndefined();
  });

  it("the request view: chunk ticks name their time and text, attempt bodies as sent with secrets redacted, retry in playground", async () => {
    const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "plain", stream: true, messages: [{ role: "user", content: `my key is ${t.key}` }] }),
    });
    await res.text();
    const id = res.headers.get("x-request-id") as string;
    await page.goto(`${gatewayUrl()}/dashboard/${t.tenant}/requests/${id}`);
    const ticks = page.locator("svg.timeline line.chunk title");
    await ticks.first().waitFor({ state: "attached" });
    const titles = await ticks.allTextContents();
    for (const title of titles) expect(title).toMatch(/^\d+ ms: \S/);
    // The echoed words are the chunks' text (the key itself only ever as [REDACTED]).
    expect(titles.some((title) => /ms: (my|key|is)\b/.test(title))).toBe(true);
    const sentBody = page.locator("details", { hasText: "Attempt 1 body as sent (primary/echo)" });
    await sentBody.locator("summary").click();
    expect(await sentBody.locator("pre").textContent()).toContain("my key is [REDACTED]");
    expect(await page.content()).not.toContain(t.key);

    // Retry in playground: the body, edited, sent with a key typed here; the answer links to its record.
    await page.getByText("Retry in playground").click();
    const body = page.getByLabel("Request body");
    const edited = JSON.parse(await body.inputValue());
    edited.stream = false;
    edited.messages[0].content = "retried from the playground";
    await body.fill(JSON.stringify(edited));
    await page.getByLabel("Gateway key (not stored)").fill(t.key);
    await page.getByRole("button", { name: "Send again" }).click();
    await page.getByText("HTTP 200, served by primary/echo").waitFor();
    const record = page.getByRole("link", { name: /^Record of req_/ });
    const retriedId = ((await record.textContent()) as string).replace("Record of ", "");
    expect(retriedId).not.toBe(id);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    await shoot(page, "request-playground", { docs: true });
  });

  it("measures what each page load asks of the admin API (README's page-cost table)", async () => {
    const calls: string[] = [];
    const listener = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/admin/v1/")) calls.push(url.pathname.replace(`/tenants/${t.tenant}`, "/tenants/{t}"));
    };
    page.on("request", listener);
    const loadCost = async (link: string, heading: string) => {
      calls.length = 0;
      await page.getByRole("link", { name: link, exact: true }).click();
      await page.getByRole("heading", { name: heading }).waitFor();
      return [...calls];
    };
    expect(await loadCost("Overview", "Overview")).toEqual(["/admin/v1/tenants/{t}/timeseries"]);
    expect(await loadCost("Health", "Health")).toEqual(["/admin/v1/tenants/{t}/health"]);
    expect(await loadCost("Live tail", "Live tail")).toEqual(["/admin/v1/tenants/{t}/logs"]);
    // Then one logs call per second while visible; leaving the page stops it.
    await page.waitForTimeout(2_100);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(4);
    await loadCost("Health", "Health");
    calls.length = 0;
    await page.waitForTimeout(2_100);
    expect(calls).toEqual([]);
    page.off("request", listener);
    const week = await admin("GET", `/tenants/${t.tenant}/timeseries?from=${Date.now() - 7 * 86_400_000}`);
    const hour = await admin("GET", `/tenants/${t.tenant}/timeseries`);
    console.info(`timeseries cost: last hour ${JSON.stringify(hour.cost)}, last 7 days ${JSON.stringify(week.cost)}`);
    expect(hour.cost.objectCalls).toBe(8);
  });

  it("fits a phone-width screen: the charts take the width, nothing scrolls the page sideways", async () => {
    const phone = await openPage({ viewport: { width: 390, height: 844 }, timezoneId: TIMEZONE });
    await signIn(phone, inject("adminToken"), `/dashboard/${t.tenant}/overview?range=custom&from=${from}&to=${to}`);
    await phone.locator("figure.chart .uplot canvas").first().waitFor();
    // Wide tables scroll inside themselves; anything else sticking out would scroll the page.
    expect(await elementsPastWidth(phone, 390, "table, .chart-canvas")).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(phone, "overview-phone", { docs: true });
  });
});

describe("dashboard vendored code", () => {
  it("uPlot in dashboard/vendor is byte-for-byte the npm package's", () => {
    expect(execFileSync(process.execPath, ["scripts/check-vendored.ts"], { encoding: "utf8" })).toContain("equal uplot");
  });
});
