import { describe, expect, it } from "vitest";
import { admin, chat, logOf, setupTenant } from "./gateway-client.ts";

describe("parameters a provider cannot honour", () => {
  it("a refusing target is skipped without a network call; when every target refuses, 400 names the parameter", async () => {
    const { tenant, key } = await setupTenant({});
    // An address nothing listens on: a refused parameter must never reach it.
    await admin("PUT", `/tenants/${tenant}/providers/claude`, { type: "anthropic", baseUrl: "http://127.0.0.1:9/v1", apiKey: "k" });
    await admin("PUT", `/tenants/${tenant}/workflows/only-claude`, { targets: [{ provider: "claude", model: "claude-haiku-4-5" }] });
    await admin("PUT", `/tenants/${tenant}/workflows/claude-then-faux`, {
      targets: [
        { provider: "claude", model: "claude-haiku-4-5" },
        { provider: "faux", model: "echo" },
      ],
    });
    const refused = await chat(key, { model: "only-claude", n: 2 });
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as any;
    expect(error).toMatchObject({ code: "unsupported_parameter", param: "n", type: "invalid_request_error" });
    expect(error.message).toContain("claude/claude-haiku-4-5");

    const served = await chat(key, { model: "claude-then-faux", n: 2 });
    expect(served.status).toBe(200);
    expect(served.headers.get("x-gateway-provider")).toBe("faux");
    expect(served.headers.get("x-gateway-attempts")).toBe("2");
  });

  it("a workers-ai target without the AI binding is skipped at once, its reason logged and in the 502", async () => {
    const { tenant, key } = await setupTenant({});
    await admin("PUT", `/tenants/${tenant}/providers/wai`, { type: "workers-ai" });
    await admin("PUT", `/tenants/${tenant}/workflows/w`, {
      targets: [
        { provider: "wai", model: "@cf/meta/llama-3.1-8b-instruct" },
        { provider: "faux", model: "echo" },
      ],
    });
    const served = await chat(key, { model: "w" });
    expect(served.headers.get("x-gateway-provider")).toBe("faux");
    const log = await logOf(tenant, served);
    expect(log.attempts[0]).toMatchObject({ errorClass: "provider_missing", decision: "fallback" });
    expect(log.attempts[0].reason).toContain('"ai": {"binding": "AI"}');
  });

  it("the new provider types are validated like the others", async () => {
    const { tenant } = await setupTenant({});
    const azure = await admin("PUT", `/tenants/${tenant}/providers/az`, { type: "azure-openai", apiKey: "k" });
    expect(azure.status).toBe(400);
    expect(((await azure.json()) as any).error.param).toBe("baseUrl");
    const gemini = await admin("PUT", `/tenants/${tenant}/providers/gm`, { type: "gemini", apiKey: "k" });
    expect(gemini.status).toBe(201);
  });
});
