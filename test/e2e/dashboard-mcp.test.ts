import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LoopbackMcpServer, startMcpServer } from "../support/mcp-test-server.ts";
import { elementsPastWidth, screenshots, signIn, useBrowser } from "./dashboard-session.ts";
import { adminCall, gatewayUrl, logRecord, useTenant } from "./harness.ts";

/**
 * The MCP servers page in real Chromium against the real gateway: a server added through the form
 * with a credential header (sealed: its value never reaches the page), edited, called through
 * `/mcp` (its record shown as an MCP call), deleted after a confirm.
 */
const shoot = screenshots("dashboard-mcp");
const { openPage } = useBrowser();
const t = useTenant();
const SECRET = "Bearer mcp-dashboard-secret-7f3a";
let docs: LoopbackMcpServer;
let page: Page;

/** Everything the page holds: its HTML and every form control's current value. */
const pageText = (p: Page) =>
  p.evaluate(
    () =>
      document.documentElement.outerHTML +
      [...document.querySelectorAll("input, textarea")].map((el) => (el as HTMLInputElement).value).join("\n"),
  );

beforeAll(async () => {
  docs = await startMcpServer("docs");
  page = await openPage();
  await signIn(page, inject("adminToken"), `/dashboard/${t.tenant}/mcp`);
  await page.getByRole("heading", { name: "MCP servers" }).waitFor();
});
afterAll(async () => {
  await docs?.close();
});

describe("dashboard: MCP servers page", () => {
  it("shows the API's own message when it refuses a server", async () => {
    await page.getByLabel("Name", { exact: true }).fill("docs");
    await page.getByLabel("URL", { exact: true }).fill("https://user:pw@example.com/mcp");
    await page.getByRole("button", { name: "Save server" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("must not contain credentials");
    expect((await adminCall("GET", `/tenants/${t.tenant}/mcp-servers/docs`)).status).toBe(404);
  });

  it("adds a server with a sealed header, lists it by header name only, and edits it keeping the seal", async () => {
    await page.getByLabel("URL", { exact: true }).fill(docs.url);
    await page.getByLabel("Exposed tools (comma-separated)").fill("lookup");
    await page.getByLabel("Headers (one 'Name: value' per line)").fill(`authorization: ${SECRET}`);
    await page.getByRole("button", { name: "Save server" }).click();
    const row = page.getByRole("row").filter({ hasText: docs.url });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain("authorization (sealed)");
    expect(await row.textContent()).toContain("lookup");
    expect(await pageText(page)).not.toContain("mcp-dashboard-secret");
    await shoot(page, "mcp-servers", { docs: true });

    // Edit from the keyboard: the form fills, the sealed header stays though it is not resent.
    await page.getByRole("button", { name: "Edit docs" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Edit docs" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("url");
    await page.getByLabel("Timeout (ms)").fill("5000");
    await page.getByRole("button", { name: "Save server" }).click();
    await expect.poll(() => page.getByRole("row").filter({ hasText: docs.url }).textContent()).toContain("5000 ms");
    expect(await pageText(page)).not.toContain("mcp-dashboard-secret");
    const stored = (await adminCall("GET", `/tenants/${t.tenant}/mcp-servers/docs`)).json;
    expect(stored).toMatchObject({ timeoutMs: 5000, tools: ["lookup"] });
    expect(stored.secretHeaderFingerprints).toHaveProperty("authorization");
  });

  it("shows an MCP call's record as one: method, server, tool and result instead of chat fields", async () => {
    const res = await fetch(`${gatewayUrl()}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "docs__lookup", arguments: { topic: "otters" } },
      }),
    });
    expect(res.status).toBe(200);
    await res.text();
    // The sealed header reached the server: the edit kept it.
    expect(docs.calls.find((c) => c.tool === "lookup")?.headers.authorization).toBe(SECRET);
    const id = res.headers.get("x-request-id") as string;
    await logRecord(t.tenant, id);
    await page.goto(`${gatewayUrl()}/dashboard/${t.tenant}/requests/${id}`);
    const facts = page.locator("dl.facts");
    await facts.waitFor();
    const text = await facts.textContent();
    expect(text).toContain("MCP methodtools/call");
    expect(text).toContain("MCP serverdocs");
    expect(text).toContain("Toollookup");
    expect(text).not.toContain("Price source");
    expect(await page.getByText("MCP result").isVisible()).toBe(true);
    expect(await page.locator("details", { hasText: "MCP result" }).textContent()).toContain("fact about otters from docs");
  });

  it("fits a phone-width screen: the table scrolls inside itself, nothing scrolls the page sideways", async () => {
    const phone = await openPage({ viewport: { width: 390, height: 844 } });
    await signIn(phone, inject("adminToken"), `/dashboard/${t.tenant}/mcp`);
    await phone.getByRole("row").filter({ hasText: docs.url }).waitFor();
    expect(await elementsPastWidth(phone, 390)).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
  it("deletes a server after a confirm, and keeps it when the confirm is dismissed", async () => {
    await page.goto(`${gatewayUrl()}/dashboard/${t.tenant}/mcp`);
    const row = page.getByRole("row").filter({ hasText: docs.url });
    await row.waitFor();
    page.once("dialog", (dialog) => dialog.dismiss());
    await page.getByRole("button", { name: "Delete docs" }).click();
    // A DELETE sent anyway would be in flight now: give it time to land before asking.
    await page.waitForTimeout(300);
    expect((await adminCall("GET", `/tenants/${t.tenant}/mcp-servers/docs`)).status).toBe(200);
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Delete docs" }).click();
    await row.waitFor({ state: "detached" });
    expect((await adminCall("GET", `/tenants/${t.tenant}/mcp-servers/docs`)).status).toBe(404);
  });
});
