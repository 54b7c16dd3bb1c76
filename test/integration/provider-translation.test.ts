import { describe, expect, it } from "vitest";
import { admin, chat, setupTenant } from "./gateway-client.ts";

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

  it("the new provider types are validated like the others", async () => {
    const { tenant } = await setupTenant({});
    const azure = await admin("PUT", `/tenants/${tenant}/providers/az`, { type: "azure-openai", apiKey: "k" });
    expect(azure.status).toBe(400);
    expect(((await azure.json()) as any).error.param).toBe("baseUrl");
    const gemini = await admin("PUT", `/tenants/${tenant}/providers/gm`, { type: "gemini", apiKey: "k" });
    expect(gemini.status).toBe(201);
  });
});
