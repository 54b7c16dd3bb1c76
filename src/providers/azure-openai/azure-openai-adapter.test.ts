import { describe, expect, it } from "vitest";
import { azureOpenAIAdapter } from "./azure-openai-adapter.ts";

describe("azure openai", () => {
  it("sends to the deployment URL with api-version and the api-key header, body unchanged", async () => {
    const sent: Request[] = [];
    const adapter = azureOpenAIAdapter({
      baseUrl: "https://acme.openai.azure.com/",
      apiKey: "az-key",
      apiVersion: "2025-01-01-preview",
      fetcher: async (request) => {
        sent.push(request);
        return new Response("{}");
      },
    });
    const body = { model: "prod-gpt4o", messages: [{ role: "user", content: "hi" }], logit_bias: { "1": 2 } };
    const translation = adapter.translateRequest(body, false);
    expect(translation).toEqual({ ok: true, body, dropped: [] });
    await adapter.send({ requestId: "r1", body, model: "prod-gpt4o", stream: false, signal: new AbortController().signal });
    expect(sent[0]?.url).toBe(
      "https://acme.openai.azure.com/openai/deployments/prod-gpt4o/chat/completions?api-version=2025-01-01-preview",
    );
    expect(sent[0]?.headers.get("api-key")).toBe("az-key");
    expect(sent[0]?.headers.get("authorization")).toBeNull();
    expect(await sent[0]?.json()).toEqual(body);
  });

  it("with Responses mode, a native Responses request goes to the v1 /responses endpoint with the api-key header", async () => {
    const sent: Request[] = [];
    const fetcher = async (request: Request) => {
      sent.push(request);
      return new Response("{}");
    };
    const adapter = azureOpenAIAdapter({ baseUrl: "https://acme.openai.azure.com", apiKey: "az-key", responses: true, fetcher });
    const mode = adapter.native?.["openai-responses"];
    const body = { model: "prod-gpt5", input: "hi", store: false };
    await mode?.send?.({ requestId: "r1", body, model: "prod-gpt5", stream: true, signal: new AbortController().signal });
    expect(sent[0]?.url).toBe("https://acme.openai.azure.com/openai/v1/responses");
    expect(sent[0]?.headers.get("api-key")).toBe("az-key");
    expect(await sent[0]?.json()).toEqual(body);
    expect(azureOpenAIAdapter({ baseUrl: "https://acme.openai.azure.com", fetcher }).native).toBeUndefined();
  });
});
