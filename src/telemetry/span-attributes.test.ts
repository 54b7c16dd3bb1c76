import { describe, expect, it } from "vitest";
import { GATEWAY, GEN_AI, GEN_AI_CONTENT, GENERAL, METRIC, SPAN_EVENT, TOKEN_TYPE } from "./span-attributes.ts";

/**
 * The exported names are a public surface: dashboards and alerts query them. This pins each one,
 * so a rename (the GenAI conventions are still experimental upstream) is a deliberate change here.
 */
describe("exported attribute names", () => {
  it("uses the GenAI semantic conventions' names (v1.41.0)", () => {
    expect(Object.values(GEN_AI).sort()).toEqual([
      "gen_ai.operation.name",
      "gen_ai.provider.name",
      "gen_ai.request.model",
      "gen_ai.request.stream",
      "gen_ai.response.finish_reasons",
      "gen_ai.response.id",
      "gen_ai.response.model",
      "gen_ai.response.time_to_first_chunk",
      "gen_ai.usage.cache_creation.input_tokens",
      "gen_ai.usage.cache_read.input_tokens",
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.output_tokens",
    ]);
    expect(GEN_AI_CONTENT).toEqual({
      event: "gen_ai.client.inference.operation.details",
      inputMessages: "gen_ai.input.messages",
      outputMessages: "gen_ai.output.messages",
    });
    expect(GENERAL.errorType).toBe("error.type");
    expect(GENERAL.httpStatus).toBe("http.response.status_code");
  });

  it("names the metrics as the GenAI client metrics do (v1.41.0), the gateway's own under gateway.*", () => {
    expect(Object.values(METRIC)).toEqual([
      { name: "gen_ai.client.operation.duration", unit: "s" },
      { name: "gen_ai.client.operation.time_to_first_chunk", unit: "s" },
      { name: "gen_ai.client.token.usage", unit: "{token}" },
      { name: "gateway.cost", unit: "USD" },
      { name: "gateway.failovers", unit: "{attempt}" },
    ]);
    expect(TOKEN_TYPE).toEqual({ attribute: "gen_ai.token.type", input: "input", output: "output" });
  });

  it("keeps every gateway fact under gateway.*", () => {
    for (const name of [...Object.values(GATEWAY), ...Object.values(SPAN_EVENT)]) expect(name).toMatch(/^gateway\.[a-z_.]+$/);
    expect(GATEWAY).toMatchObject({
      costUsd: "gateway.cost_usd",
      workflow: "gateway.workflow",
      attemptDecision: "gateway.attempt.decision",
    });
  });
});
