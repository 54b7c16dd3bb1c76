import { describe, expect, it } from "vitest";
import { refusedBody } from "./refused-body.ts";

describe("a refused request's body, for its record", () => {
  it("JSON is kept as the client's own text, with its stream flag and model", () => {
    const text = '{"model":"w","stream":true,"messages":"x"}';
    expect(refusedBody(text)).toEqual({ json: text, stream: true, model: "w" });
  });

  it("text that is not JSON is kept as a JSON string", () => {
    expect(refusedBody("model=w")).toEqual({ json: '"model=w"', stream: false, model: null });
  });

  it("what the path names (Gemini's model and streaming) fills what the body does not", () => {
    const text = '{"contents":[]}';
    expect(refusedBody(text, { model: "w", stream: true })).toEqual({ json: text, stream: true, model: "w" });
    expect(refusedBody("oops", { model: "w", stream: true })).toEqual({ json: '"oops"', stream: true, model: "w" });
    expect(refusedBody('{"model":"b","stream":false}', { model: "w", stream: false })).toMatchObject({ stream: false, model: "b" });
  });

  it("JSON that is not an object carries no flags", () => {
    expect(refusedBody('[{"stream":true}]')).toEqual({ json: '[{"stream":true}]', stream: false, model: null });
    expect(refusedBody('{"stream":"yes","model":3}')).toMatchObject({ stream: false, model: null });
  });
});
