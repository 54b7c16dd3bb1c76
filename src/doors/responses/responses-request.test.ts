import { describe, expect, it } from "vitest";
import { GatewayError } from "../../http/gateway-error.ts";
import { parseResponsesRequest } from "./responses-request.ts";

/** A JSON Schema nested `depth` levels deep, built without recursion. */
function deepSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < depth; i++) schema = { type: "array", items: schema };
  return schema;
}

const withFormat = (schema: Record<string, unknown>) =>
  JSON.stringify({ model: "w", input: "hi", text: { format: { type: "json_schema", name: "s", schema } } });

describe("a Responses request's text.format", () => {
  it("an ordinary schema is accepted", () => {
    expect(parseResponsesRequest(withFormat(deepSchema(10))).request.text?.format).toMatchObject({ type: "json_schema" });
  });

  it("one nested thousands of levels deep is a 400 naming text.format, not a 500 after the upstream answered", () => {
    const parse = () => parseResponsesRequest(withFormat(deepSchema(9_000)));
    expect(parse).toThrow(GatewayError);
    try {
      parse();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, param: "text.format" });
    }
  });
});
