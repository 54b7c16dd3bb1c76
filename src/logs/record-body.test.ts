import { describe, expect, it } from "vitest";
import { jsonTextDepth } from "../http/json-depth.ts";
import { boundedBody, RECORD_BODY_MAX_DEPTH, recordBodyJson, TOO_DEEP_BODY, valueDepth } from "./record-body.ts";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("record bodies: returned as JSON when shallow, as text when deep", () => {
  it("counts depth outside strings only, escapes included", () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[\\"[["}]}', 64)).toBe(3);
    expect(jsonTextDepth('"just a string"', 64)).toBe(0);
  });

  it("a shallow body is spliced in as it is", () => {
    const body = JSON.stringify({ model: "w", messages: [{ role: "user", content: "{[" }] });
    expect(recordBodyJson(body)).toBe(body);
    expect(recordBodyJson(nested(RECORD_BODY_MAX_DEPTH))).toBe(nested(RECORD_BODY_MAX_DEPTH));
  });

  it("a body deeper than the bound becomes its own text, a JSON string that parses back to it", () => {
    const deep = `{"extra":${nested(20_000)}}`;
    const json = recordBodyJson(deep);
    expect(JSON.parse(json)).toBe(deep);
    expect(jsonTextDepth(json, 64)).toBe(0);
  });

  it("a parsed value too deep to serialize again is shown as a note (records written before the bound)", () => {
    const deep = JSON.parse(nested(20_000));
    expect(valueDepth(deep)).toBeGreaterThan(RECORD_BODY_MAX_DEPTH);
    expect(boundedBody(deep)).toBe(TOO_DEEP_BODY);
    expect(boundedBody({ a: [1, { b: 2 }] })).toEqual({ a: [1, { b: 2 }] });
    expect(valueDepth({ a: [1, { b: 2 }] })).toBe(3);
  });
});
