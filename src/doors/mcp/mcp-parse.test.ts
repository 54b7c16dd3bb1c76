import { describe, expect, it } from "vitest";
import { passedOn, RPC, statusFor } from "../../mcp/json-rpc.ts";
import { parseRpc } from "./mcp-parse.ts";

describe("reading a JSON-RPC message", () => {
  it("reads a request and a notification", () => {
    expect(parseRpc('{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).toMatchObject({
      ok: true,
      message: { id: 1, method: "tools/list" },
    });
    const note = parseRpc('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    expect(note).toMatchObject({ ok: true });
    expect(note.ok && note.message.id).toBeUndefined();
  });

  it("refuses what is not one request: not JSON, a batch, a wrong version, a missing method (keeping the id it could read)", () => {
    expect(parseRpc("{")).toMatchObject({ ok: false, id: null, failure: { code: RPC.parseError, status: 400 } });
    expect(parseRpc('[{"jsonrpc":"2.0","id":1,"method":"ping"}]')).toMatchObject({
      ok: false,
      failure: { code: RPC.invalidRequest, name: "batch_refused" },
    });
    expect(parseRpc('{"jsonrpc":"1.0","id":"a","method":"ping"}')).toMatchObject({
      ok: false,
      id: "a",
      failure: { code: RPC.invalidRequest },
    });
    expect(parseRpc('{"jsonrpc":"2.0","id":2}')).toMatchObject({ ok: false, id: 2, failure: { code: RPC.invalidRequest } });
    expect(parseRpc('{"jsonrpc":"2.0","id":2,"method":"x","params":[1]}')).toMatchObject({
      ok: false,
      failure: { code: RPC.invalidRequest },
    });
  });

  it("sends every error at an HTTP error status: 400 for requests, 502/504 for servers that failed", () => {
    expect([RPC.parseError, RPC.invalidRequest, RPC.methodNotFound, RPC.invalidParams, -32000].map(statusFor)).toEqual([
      400, 400, 400, 400, 400,
    ]);
    expect(statusFor(RPC.upstreamFailed)).toBe(502);
    expect(statusFor(RPC.upstreamInterrupted)).toBe(502);
    expect(statusFor(RPC.upstreamTimeout)).toBe(504);
    expect(statusFor(RPC.unauthorized)).toBe(401);
    expect(statusFor(RPC.rateLimited)).toBe(429);
  });

  it("passes a server's own error on at 400 with its code, whatever the gateway's codes mean, its message bounded", () => {
    // -32002 is MCP's "resource not found" and -32001 the SDK's request timeout: from a server, neither is a 429 or a 401.
    for (const code of [RPC.rateLimited, RPC.unauthorized, RPC.internalError, RPC.upstreamTimeout])
      expect(passedOn({ code, message: "from the server" })).toMatchObject({ code, status: 400, message: "from the server" });
    expect(passedOn({ code: -32002, message: "x".repeat(3_000_000) }).message.length).toBeLessThanOrEqual(200);
  });
});
