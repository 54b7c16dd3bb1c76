import { describe, expect, it } from "vitest";
import { modelAction } from "./model-action.ts";

describe("Gemini model paths", () => {
  it("the model (which may hold a slash or an encoded colon) and the action after the last colon", () => {
    expect(modelAction("/v1beta/models/weather:streamGenerateContent")).toEqual({ model: "weather", action: "streamGenerateContent" });
    expect(modelAction("/v1beta/models/openai/gpt-4o%3Abeta:generateContent")).toEqual({
      model: "openai/gpt-4o:beta",
      action: "generateContent",
    });
  });

  it("an unknown action or a path without one is a 404", () => {
    expect(() => modelAction("/v1beta/models/weather:embedContent")).toThrow(/embedContent/);
    expect(() => modelAction("/v1beta/models/weather")).toThrow(/weather/);
  });
});
