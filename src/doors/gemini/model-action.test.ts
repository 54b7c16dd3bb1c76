import { describe, expect, it } from "vitest";
import { geminiPathFields, modelAction } from "./model-action.ts";

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

  it("a refused request's record reads the model and streaming from the path", () => {
    expect(geminiPathFields("/v1beta/models/weather:streamGenerateContent")).toEqual({ model: "weather", stream: true });
    expect(geminiPathFields("/v1beta/models/weather:generateContent")).toEqual({ model: "weather", stream: false });
    expect(geminiPathFields("/v1beta/models/weather:embedContent")).toBeNull();
    expect(geminiPathFields("/v1beta/models")).toBeNull();
  });
});
