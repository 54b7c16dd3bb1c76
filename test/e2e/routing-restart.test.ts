import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSwitchableUpstream } from "../support/switchable-upstream.ts";
import { type RunningGateway, startGateway } from "../support/wrangler-dev.ts";

const persistTo = mkdtempSync(join(tmpdir(), "gateway-restart-"));
const running: RunningGateway[] = [];
let upstream: Awaited<ReturnType<typeof startSwitchableUpstream>> | undefined;

afterAll(async () => {
  for (const gateway of running) await gateway.stop();
  await upstream?.close();
  rmSync(persistTo, { recursive: true, force: true });
});

async function call(gateway: RunningGateway, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

describe("the open circuit outlives the gateway's isolates", () => {
  it("after a restart (fresh isolate, same storage) the first request already skips the open target", async () => {
    upstream = await startSwitchableUpstream();
    const first = await startGateway({ persistTo });
    running.push(first);
    const adminCall = (gateway: RunningGateway, method: string, path: string, body?: unknown) =>
      call(gateway, method, `/admin/v1${path}`, gateway.adminToken, body);
    await adminCall(first, "PUT", "/tenants/restart", {});
    for (const name of ["primary", "backup"])
      await adminCall(first, "PUT", `/tenants/restart/providers/${name}`, { type: "openai-compatible", baseUrl: upstream.baseUrl });
    await adminCall(first, "PUT", "/tenants/restart/workflows/w", {
      targets: [
        { provider: "primary", model: "echo" },
        { provider: "backup", model: "words-2" },
      ],
      retry: { maxAttempts: 1 },
      health: { failureThreshold: 2, openMs: 600_000 },
    });
    const key = (await adminCall(first, "POST", "/tenants/restart/keys", { name: "k" })).json.key as string;
    const ask = (gateway: RunningGateway) =>
      call(gateway, "POST", "/v1/chat/completions", key, { model: "w", messages: [{ role: "user", content: "hi" }] });

    upstream.failing.add("echo");
    for (let i = 0; i < 2; i++) expect((await ask(first)).headers.get("x-gateway-attempts")).toBe("2");
    await expect
      .poll(
        async () => (await adminCall(first, "GET", "/tenants/restart/health")).json.data.find((h: any) => h.provider === "primary")?.state,
      )
      .toBe("open");
    await first.stop();

    const second = await startGateway({ persistTo });
    running.push(second);
    const before = upstream.callsFor("echo").length;
    const answer = await ask(second);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-gateway-provider")).toBe("backup");
    expect(answer.headers.get("x-gateway-attempts")).toBe("1");
    expect(upstream.callsFor("echo").length).toBe(before);
    const listed = (await adminCall(second, "GET", "/tenants/restart/health")).json.data;
    expect(listed.find((h: any) => h.provider === "primary")).toMatchObject({ model: "echo", state: "open" });
  }, 240_000);
});
