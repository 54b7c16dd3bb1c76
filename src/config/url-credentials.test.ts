import { describe, expect, it } from "vitest";
import { urlCredentialProblem } from "./url-credentials.ts";

describe("urlCredentialProblem", () => {
  it("refuses user info and credential query parameters", () => {
    expect(urlCredentialProblem("https://user:pw@llm.example.com/v1")).toMatch(/user:password/);
    expect(urlCredentialProblem("https://user@llm.example.com/v1")).toMatch(/user:password/);
    for (const param of ["key", "api_key", "api-key", "access_token", "sig", "auth", "secret"])
      expect(urlCredentialProblem(`https://llm.example.com/v1?${param}=x`), param).toMatch(new RegExp(param));
  });
  it("passes ordinary URLs", () => {
    expect(urlCredentialProblem("https://llm.example.com/v1")).toBeNull();
    expect(urlCredentialProblem("http://127.0.0.1:8080/v1?region=eu")).toBeNull();
  });
});
