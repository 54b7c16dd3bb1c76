import { describe, expect, it } from "vitest";
import { prototypeKeyPath } from "./prototype-keys.ts";

describe("prototypeKeyPath", () => {
  it("names the first __proto__ key at any depth, as JSON.parse keeps it", () => {
    expect(prototypeKeyPath(JSON.parse('{"headers":{"__proto__":"x"}}'))).toBe("headers.__proto__");
    expect(prototypeKeyPath(JSON.parse('{"targets":[{"a":1},{"__proto__":{}}]}'))).toBe("targets[1].__proto__");
  });
  it("passes ordinary bodies, including keys that merely look special", () => {
    expect(prototypeKeyPath(JSON.parse('{"headers":{"constructor":"x","x-a":"1"},"n":[1,null]}'))).toBeNull();
  });
});
