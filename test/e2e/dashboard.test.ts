import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, screenshotDir } from "../support/browser.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

/**
 * The dashboard in real Chromium against the real gateway (`wrangler dev`, demo seed on).
 * Every wait is bounded: Playwright's default timeout is set per page, polls have deadlines.
 */
const WAIT_MS = 10_000;
const shots = screenshotDir("dashboard");
let browser: Browser;
const contexts: BrowserContext[] = [];

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  return page;
}

/** Signs in through the form, as a person would; the credential goes to sessionStorage only. */
async function signIn(page: Page, credential: string, path = "/dashboard/") {
  await page.goto(`${gatewayUrl()}${path}`);
  await page.getByLabel("Admin token or tenant admin key").fill(credential);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Pages" }).waitFor();
}

/** One demo request (the seeded demo key), streamed to its end; answers its request id once its record is readable. */
async function demoRequest(model: string): Promise<string> {
  const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer sk-gw-demo", "content-type": "application/json" },
    body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "hello dashboard" }] }),
  });
  await res.text();
  const id = res.headers.get("x-request-id");
  await logRecord("demo", id);
  return id as string;
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

describe("dashboard: the demo tenant as the operator", () => {
  let failoverId: string;
  let interruptedId: string;
  let page: Page;
  beforeAll(async () => {
    failoverId = await demoRequest("demo-failover");
    interruptedId = await demoRequest("demo-interrupted");
    await demoRequest("demo-cached");
    await demoRequest("demo-cached");
    page = await openPage();
  });

  it("signs in with the admin token, keeps it out of the URL, and lists requests newest first", async () => {
    await signIn(page, inject("adminToken"));
    await page.getByRole("heading", { name: "Requests" }).waitFor();
    await page.getByRole("link", { name: interruptedId }).waitFor();
    expect(page.url()).not.toContain(inject("adminToken"));
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    const ids = await page.locator("table a.mono").allTextContents();
    expect(ids.indexOf(interruptedId)).toBeLessThan(ids.indexOf(failoverId));
    await page.screenshot({ path: join(shots, "requests.png") });
  });

  it("draws a demo-failover request: two attempts, the failed one's reason, the fallback decision", async () => {
    await page.getByRole("link", { name: failoverId }).click();
    const events = page.getByRole("list", { name: "Timeline events" });
    await events.waitFor();
    const attempts = events.locator("li.attempt");
    expect(await attempts.count()).toBe(2);
    const first = await attempts.nth(0).textContent();
    expect(first).toContain("faux/status-503");
    expect(first).toContain("status 503");
    expect(first).toContain("reason: ");
    expect(first).toContain("decision fallback");
    expect(await attempts.nth(1).textContent()).toContain("decision commit");
    expect(await events.textContent()).toMatch(/Commit at \d+ ms: faux\/echo/);
    expect(await page.locator("svg.timeline rect.bar").count()).toBe(2);
    await page.screenshot({ path: join(shots, "request-timeline.png"), fullPage: true });
  });

  it("draws a demo-interrupted request: the partial-output flag and the mid-stream error", async () => {
    await page.goto(`${gatewayUrl()}/dashboard/demo/requests/${interruptedId}`);
    await page.getByText("partial output", { exact: true }).waitFor();
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain("stream_interrupted");
    expect(await page.locator("li.end").textContent()).toContain("failed_after_output");
    expect(await page.locator("svg.timeline line.chunk").count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(shots, "request-interrupted.png"), fullPage: true });
  });

  it("filters by outcome and opens a request by id", async () => {
    await page.goto(`${gatewayUrl()}/dashboard/demo/requests`);
    await page.getByLabel("Outcome").selectOption("failed_after_output");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/outcome=failed_after_output/);
    await page.getByRole("link", { name: interruptedId }).waitFor();
    expect(await page.getByRole("link", { name: failoverId }).count()).toBe(0);
    await page.getByLabel("Request id").fill(failoverId);
    await page.getByRole("button", { name: "Open" }).click();
    await page.getByRole("list", { name: "Timeline events" }).waitFor();
  });

  it("shows workflows with traffic, the cache page and keys/providers without secrets", async () => {
    await page.getByRole("link", { name: "Workflows", exact: true }).click();
    const failoverRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "demo-failover", exact: true }) });
    await failoverRow.waitFor();
    expect(await failoverRow.textContent()).toContain("faux/status-503 → faux/echo");
    await page.screenshot({ path: join(shots, "workflows.png"), fullPage: true });
    await page.getByRole("link", { name: "Cache", exact: true }).click();
    const cachedRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "demo-cached", exact: true }) });
    await cachedRow.waitFor();
    expect(await cachedRow.textContent()).toMatch(/300 s/);
    await page.screenshot({ path: join(shots, "cache.png"), fullPage: true });
    await page.getByRole("link", { name: "Keys and providers", exact: true }).click();
    await page.getByRole("table", { name: /Providers/ }).waitFor();
    expect(await page.content()).not.toContain("sk-gw-demo");
    await page.screenshot({ path: join(shots, "keys.png"), fullPage: true });
  });
});

describe("dashboard: editing a workflow", () => {
  const t = useTenant();
  let page: Page;
  beforeAll(async () => {
    await t.workflow("dash-edit", "echo");
    page = await openPage();
    await signIn(page, inject("adminToken"), `/dashboard/${t.tenant}/workflows/dash-edit`);
    await page.getByRole("heading", { name: "Workflow dash-edit" }).waitFor();
  });

  it("refuses an invalid JSON Schema before saving, with the gateway's reason", async () => {
    const schema = page.getByLabel(/Response contract/);
    await schema.fill('{"type": ');
    await page.getByRole("button", { name: "Review changes" }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain("Response contract is not valid JSON");
    await schema.fill('{"type": "objekt", "required": "echo"}');
    await page.getByRole("button", { name: "Review changes" }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain("not a usable JSON Schema");
    expect(await page.getByRole("button", { name: "Apply" }).count()).toBe(0);
    await page.screenshot({ path: join(shots, "workflow-schema-error.png"), fullPage: true });
    expect((await admin("GET", `/tenants/${t.tenant}/workflows/dash-edit`)).responseSchema).toBeUndefined();
    await schema.fill("");
  });

  it("edits the targets, shows the diff, applies it, and the next API request is served by the new target", async () => {
    const before = await t
      .client()
      .chat.completions.create({ model: "dash-edit", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(before.response.headers.get("x-gateway-provider")).toBe("primary");

    await page.getByLabel("Provider").first().selectOption("backup");
    await page.getByLabel("Model").first().fill("words-3");
    await page.getByRole("button", { name: "Review changes" }).click();
    const diff = page.getByLabel("Diff of the stored workflow and the edited one");
    await diff.waitFor();
    expect(await diff.locator(".add").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"backup"')]));
    expect(await diff.locator(".del").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"primary"')]));
    await page.screenshot({ path: join(shots, "workflow-diff.png"), fullPage: true });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText(/Saved/).waitFor();

    // The config store caches for a short while (README "How soon changes apply"): poll, bounded.
    await expect
      .poll(
        async () => {
          const after = await t
            .client()
            .chat.completions.create({ model: "dash-edit", messages: [{ role: "user", content: "hi" }] })
            .withResponse();
          return `${after.response.headers.get("x-gateway-provider")}/${after.response.headers.get("x-gateway-model")}`;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe("backup/words-3");
  });

  it("tries the workflow from the editor with an inference key, and links to the request's record", async () => {
    await page.reload();
    await page.getByLabel("Inference key (not stored)").fill(t.key);
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("served by backup/words-3").waitFor();
    await page.getByRole("link", { name: /Record of req_/ }).click();
    await page.getByRole("list", { name: "Timeline events" }).waitFor();
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(t.key);
  });

  it("creates a key shown once, then revokes it", async () => {
    await page.getByRole("link", { name: "Keys and providers", exact: true }).click();
    await page.getByLabel("Name", { exact: true }).fill("dash-created");
    await page.getByLabel("Monthly budget (USD)").fill("5");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByLabel("New key").textContent()) ?? "";
    expect(secret).toMatch(/^sk-gw-/);
    await page.getByRole("button", { name: "Done" }).click();
    const row = page.getByRole("row").filter({ hasText: "dash-created" });
    await row.waitFor();
    expect(await row.textContent()).toContain("of $5.0000");
    expect(await page.content()).not.toContain(secret);
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Revoke dash-created" }).click();
    await expect.poll(() => row.count(), { timeout: WAIT_MS }).toBe(0);
    expect((await admin("GET", `/tenants/${t.tenant}/keys`)).data.map((k: any) => k.name)).not.toContain("dash-created");
  });
});

describe("dashboard: a tenant admin key", () => {
  const t = useTenant();
  let page: Page;
  let demoId: string;
  beforeAll(async () => {
    demoId = await demoRequest("demo");
    const key = (await admin("POST", `/tenants/${t.tenant}/keys`, { name: "ops", role: "admin" })).key;
    page = await openPage();
    await signIn(page, key);
  });

  it("lands on its own tenant, with no tenant picker, and cannot open another tenant's pages or records", async () => {
    await page.waitForURL(new RegExp(`/dashboard/${t.tenant}/requests`));
    expect(await page.locator("#tenant-picker").count()).toBe(0);
    expect(await page.locator("#session").textContent()).toContain(`Tenant ${t.tenant}`);
    expect(await page.getByRole("link", { name: demoId }).count()).toBe(0);

    await page.goto(`${gatewayUrl()}/dashboard/demo/requests/${demoId}`);
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain(`manages tenant '${t.tenant}' only`);
    expect(await page.content()).not.toContain("hello dashboard");
    await page.goto(`${gatewayUrl()}/dashboard/demo/workflows`);
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain("only");
    expect(await page.locator("#session").textContent()).toContain(`Tenant ${t.tenant}`);
    await page.screenshot({ path: join(shots, "tenant-key-refused.png") });
  });
});
