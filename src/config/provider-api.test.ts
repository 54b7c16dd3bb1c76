import { describe, expect, it } from "vitest";
import { providerInput } from "./schemas.ts";

describe("a provider's api", () => {
  it("responses is for providers that speak OpenAI's Responses API; others are refused naming api", () => {
    for (const type of ["openai", "openai-compatible", "azure-openai"])
      expect(providerInput.safeParse({ type, baseUrl: "https://x.test", api: "responses" }).success).toBe(true);
    const anthropic = providerInput.safeParse({ type: "anthropic", api: "responses" });
    expect(anthropic.success).toBe(false);
    expect(anthropic.error?.issues[0]?.path).toEqual(["api"]);
    expect(providerInput.safeParse({ type: "openai", api: "websocket" }).success).toBe(false);
  });
});
