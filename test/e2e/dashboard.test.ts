import { createServer } from "node:http";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listenOnLoopback } from "../support/listen-loopback.ts";
import { screenshots, signIn, useBrowser, WAIT_MS } from "./dashboard-session.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

/**
 * The dashboard in real Chromium against the real gateway (`wrangler dev`, demo seed on).
 * Every wait is bounded: Playwright's default timeout is set per page, polls have deadlines.
 */
const shoot = screenshots("dashboard");
const { openPage } = useBrowser();

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
    // The dashboard opens on the tenant's charts; the request log is one link away.
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByRole("link", { name: "Requests", exact: true }).click();
    await page.getByRole("heading", { name: "Requests" }).waitFor();
    await page.getByRole("link", { name: interruptedId }).waitFor();
    expect(page.url()).not.toContain(inject("adminToken"));
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    const ids = await page.locator("table a.mono").allTextContents();
    expect(ids.indexOf(interruptedId)).toBeLessThan(ids.indexOf(failoverId));
    await shoot(page, "requests", { docs: true, fullPage: false });
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
    await shoot(page, "request-timeline", { docs: true });
  });

  it("draws a demo-interrupted request: the partial-output flag and the mid-stream error", async () => {
    await page.goto(`${gatewayUrl()}/dashboard/demo/requests/${interruptedId}`);
    await page.getByText("partial output", { exact: true }).waitFor();
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain("stream_interrupted");
    expect(await page.locator("li.end").textContent()).toContain("failed_after_output");
    expect(await page.locator("svg.timeline line.chunk").count()).toBeGreaterThanOrEqual(3);
    await shoot(page, "request-interrupted");
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
    await shoot(page, "workflows", { docs: true });
    await page.getByRole("link", { name: "Cache", exact: true }).click();
    const cachedRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "demo-cached", exact: true }) });
    await cachedRow.waitFor();
    expect(await cachedRow.textContent()).toMatch(/300 s/);
    await shoot(page, "cache", { docs: true });
    await page.getByRole("link", { name: "Keys and providers", exact: true }).click();
    await page.getByRole("table", { name: /Providers/ }).waitFor();
    expect(await page.content()).not.toContain("sk-gw-demo");
    await shoot(page, "keys", { docs: true });
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
    await shoot(page, "workflow-schema-error");
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
    await shoot(page, "workflow-diff");
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
    await page.waitForURL(new RegExp(`/dashboard/${t.tenant}/overview`));
    expect(await page.locator("#tenant-picker").count()).toBe(0);
    expect(await page.locator("#session").textContent()).toContain(`Tenant ${t.tenant}`);
    expect(await page.getByRole("link", { name: demoId }).count()).toBe(0);

    await page.goto(`${gatewayUrl()}/dashboard/demo/requests/${demoId}`);
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain(`manages tenant '${t.tenant}' only`);
    expect(await page.content()).not.toContain("hello dashboard");
    await page.goto(`${gatewayUrl()}/dashboard/demo/workflows`);
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain("only");
    expect(await page.locator("#session").textContent()).toContain(`Tenant ${t.tenant}`);
    // Charts, the live tail and health of another tenant: refused by the API, nothing drawn.
    for (const other of ["overview", "tail", "health"]) {
      await page.goto(`${gatewayUrl()}/dashboard/demo/${other}`);
      await expect.poll(() => page.getByRole("alert").textContent(), { timeout: WAIT_MS }).toContain(`manages tenant '${t.tenant}' only`);
      expect(await page.locator("figure.chart, table").count()).toBe(0);
    }
    await shoot(page, "tenant-key-refused", { fullPage: false });
  });
});

describe("dashboard: durable requests and webhooks", () => {
  const t = useTenant();
  /** Statuses the loopback receiver answered, in order: it fails the first delivery attempt, then accepts. */
  const received: number[] = [];
  let receiver: Awaited<ReturnType<typeof listenOnLoopback>>;
  let page: Page;
  let backgroundId: string;
  let idempotentId: string;

  /** Bounded polling (the gateway retries a failed delivery after ~1 s under `.dev.vars`). */
  async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const chat = (model: string) =>
    fetch(`${gatewayUrl()}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json", "idempotency-key": "dash-order-1" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "pay once" }] }),
    });

  beforeAll(async () => {
    receiver = await listenOnLoopback(
      createServer(async (req, res) => {
        for await (const _ of req);
        const answer = received.length === 0 ? 500 : 200;
        received.push(answer);
        res.writeHead(answer).end();
      }),
    );
    await admin("PUT", `/tenants/${t.tenant}/providers/faux`, { type: "faux" });
    await admin("PUT", `/tenants/${t.tenant}/workflows/bg`, { targets: [{ provider: "faux", model: "echo" }] });
    await admin("PUT", `/tenants/${t.tenant}/workflows/idem`, { targets: [{ provider: "faux", model: "slow-300+words-4" }] });
    await admin("PUT", `/tenants/${t.tenant}/webhooks/done`, {
      url: `http://127.0.0.1:${receiver.port}/hook`,
      events: ["response.completed", "response.failed"],
    });

    // A background response: announced to the webhook, whose first attempt fails and whose retry is delivered.
    const created = await t.client().responses.create({ model: "bg", input: "hello durable dashboard", background: true });
    expect(created.status).toBe("queued");
    await until(() => received.length >= 2, "a failed attempt and its retry");
    let delivery: any;
    await until(async () => {
      [delivery] = (await admin("GET", `/tenants/${t.tenant}/webhooks/done/deliveries`)).data;
      return delivery?.status === "delivered";
    }, "the delivery listed as delivered");
    backgroundId = delivery.requestId;
    await until(async () => (await logRecord(t.tenant, backgroundId)).webhookDeliveries?.length === 2, "both attempts noted in the record");

    // Two chat requests under one Idempotency-Key: the second arrives while the first runs (slow-300
    // makes it last ~1.5 s) and joins it live; a third, after the end, is replayed.
    const first = chat("idem");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [a, b] = await Promise.all([first, chat("idem")]);
    await Promise.all([a.text(), b.text()]);
    idempotentId = a.headers.get("x-request-id") as string;
    expect(b.headers.get("x-request-id")).toBe(idempotentId);
    const replay = await chat("idem");
    await replay.text();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    await until(async () => (await logRecord(t.tenant, idempotentId)).durable?.attached.length === 2, "two attached requests");

    page = await openPage();
    await signIn(page, inject("adminToken"), `/dashboard/${t.tenant}/requests/${idempotentId}`);
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
  });

  it("shows an idempotent request's generation: the attached requests, joined live and replayed, also on the timeline", async () => {
    const panel = page.getByRole("region", { name: "Durable" });
    await panel.waitFor();
    expect(await panel.textContent()).toContain("idempotent");
    const attached = panel.getByRole("table", { name: /Requests attached/ }).locator("tbody tr");
    expect(await attached.count()).toBe(2);
    expect(await attached.nth(0).textContent()).toContain("joined live");
    expect(await attached.nth(1).textContent()).toContain("replayed");
    expect(await attached.nth(0).textContent()).toMatch(/\d+ ms after receipt/);
    expect(await page.locator("svg.timeline circle.attach").count()).toBe(2);
    expect(await page.locator("svg.timeline circle.attach.replayed").count()).toBe(1);
    const events = page.getByRole("list", { name: "Timeline events" });
    expect(await events.locator("li.attached").allTextContents()).toEqual([
      expect.stringMatching(/attached at \d+ ms: joined live/),
      expect.stringMatching(/attached at \d+ ms: replayed/),
    ]);
    await shoot(page, "request-idempotent");
  });

  it("shows a background response's webhook attempts: the 500, then the 200", async () => {
    await page.goto(`${gatewayUrl()}/dashboard/${t.tenant}/requests/${backgroundId}`);
    const durable = page.getByRole("region", { name: "Durable" });
    await durable.waitFor();
    expect(await durable.textContent()).toContain("background");
    const rows = page.getByRole("region", { name: "Webhook deliveries" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(2);
    expect(await rows.nth(0).textContent()).toContain("HTTP 500");
    expect(await rows.nth(1).textContent()).toContain("HTTP 200");
    expect(await rows.nth(1).textContent()).toContain("response.completed");
    await shoot(page, "request-background");
  });

  it("lists the webhook and its delivery; Redeliver makes one more attempt and shows its result", async () => {
    await page.getByRole("link", { name: "Webhooks", exact: true }).click();
    const webhookRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "done", exact: true }) });
    await webhookRow.waitFor();
    expect(await webhookRow.textContent()).toContain(`127.0.0.1:${receiver.port}/hook`);
    expect(await webhookRow.textContent()).toContain("enabled");
    await page.getByRole("link", { name: "done", exact: true }).click();
    await page.getByRole("heading", { name: "Webhook done" }).waitFor();
    const delivery = page.getByRole("row").filter({ has: page.getByRole("link", { name: backgroundId }) });
    await delivery.waitFor();
    expect(await delivery.textContent()).toContain("delivered");
    expect(await delivery.textContent()).toContain("2: HTTP 500, HTTP 200");

    await delivery.getByRole("button", { name: /^Redeliver evt_/ }).click();
    await delivery.getByText(/Redelivered: HTTP 200 in \d+ ms; delivery delivered/).waitFor();
    expect(await delivery.textContent()).toContain("3: HTTP 500, HTTP 200, HTTP 200");
    expect(received).toEqual([500, 200, 200]);
    await shoot(page, "webhook-deliveries");
  });
});
