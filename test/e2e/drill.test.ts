import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { CHECK_IDS } from "../../scripts/drill/check.ts";
import { judgeKeepalive, judgePacing } from "../../scripts/drill/judge.ts";
import { junitXml } from "../../scripts/drill/junit.ts";
import { SseParser } from "../../scripts/drill/sse-probe.ts";
import { streamFacts } from "../../scripts/drill/stream-facts.ts";
import { listenOnLoopback } from "../support/listen-loopback.ts";
import { admin, gatewayUrl } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "gateway-drill-"));
let runs = 0;

/** Runs the drill the way the README does (`npm run drill -- …` is `node scripts/drill.ts …`); answers its exit code and reports. */
function drill(url: string, args: string[] = []): Promise<{ code: number; stdout: string; report: any; junit: string }> {
  const json = join(dir, `drill-${runs}.json`);
  const junit = join(dir, `drill-${runs++}.xml`);
  const argv = ["scripts/drill.ts", "--url", url, "--admin-token", inject("adminToken"), "--json", json, "--junit", junit, ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { timeout: 50_000 }, (error, stdout) => {
      const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
      resolve({ code, stdout, report: JSON.parse(readFileSync(json, "utf8")), junit: readFileSync(junit, "utf8") });
    });
  });
}

const statusOf = (report: any, id: string) => report.checks.find((c: any) => c.id === id)?.status;

type Fault = "buffer" | "append-after-error";

/**
 * A faulty stand-in for the gateway: a Node proxy in front of the real one that breaks the
 * streaming path the way real intermediaries and naive gateways do. `buffer` reads the whole
 * answer before sending a byte (a buffering reverse proxy); `append-after-error` lets a
 * mid-stream error event through, then stitches another model's text and `[DONE]` after it.
 */
async function faultyProxy(fault: Fault): Promise<{ url: string; close(): Promise<void> }> {
  const target = gatewayUrl();
  const server: Server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string" && !["host", "connection", "content-length"].includes(name)) headers.set(name, value);
    const upstream = new AbortController();
    res.on("close", () => upstream.abort());
    try {
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        signal: upstream.signal,
        ...(parts.length ? { body: Buffer.concat(parts) } : {}),
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!["content-length", "transfer-encoding", "content-encoding", "connection"].includes(name)) out[name] = value;
      });
      res.writeHead(answer.status, out);
      if (fault === "buffer") {
        res.end(Buffer.from(await answer.arrayBuffer()));
        return;
      }
      let seen = "";
      for await (const chunk of answer.body ?? []) {
        seen += Buffer.from(chunk).toString("utf8");
        res.write(chunk);
      }
      if (seen.includes('data: {"error"')) {
        const other = {
          id: "chatcmpl-other",
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta: { content: " and a second model's words" } }],
        };
        res.write(`data: ${JSON.stringify(other)}\n\ndata: [DONE]\n\n`);
      }
      res.end();
    } catch {
      res.destroy();
    }
  });
  const { port, close } = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, close };
}

describe("npm run drill", () => {
  const proxies: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
  });

  it("passes every check against the real gateway, writes JSON and JUnit, and deletes its tenant", async () => {
    const { code, stdout, report, junit } = await drill(gatewayUrl());
    expect(
      report.checks.filter((c: any) => c.status !== "pass"),
      stdout,
    ).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ passed: true, mode: "admin" });
    expect(report.checks.map((c: any) => c.id)).toEqual([...CHECK_IDS]);
    expect(stdout).toContain("12 passed, 0 failed, 0 skipped");
    expect(junit).toMatch(/<testsuite name="drill" tests="12" failures="0" skipped="0"/);
    expect(junit.match(/<testcase /g)).toHaveLength(12);
    const tenants: Array<{ name: string }> = (await admin("GET", "/tenants")).data;
    expect(tenants.filter((t) => t.name.startsWith("drill-"))).toEqual([]);
  }, 50_000);

  it("fails no-buffering and keepalive behind a proxy that buffers the whole stream", async () => {
    const proxy = await faultyProxy("buffer");
    proxies.push(proxy);
    const { code, report, junit } = await drill(proxy.url, ["--only", "no-buffering,keepalive,error-after-output"]);
    expect(code).toBe(1);
    expect(report.passed).toBe(false);
    expect(statusOf(report, "no-buffering")).toBe("fail");
    expect(statusOf(report, "keepalive")).toBe("fail");
    // Buffering delays the stream but keeps its content: the drill does not blame what still holds.
    expect(statusOf(report, "error-after-output")).toBe("pass");
    expect(junit).toMatch(/<testcase classname="drill" name="no-buffering"[^>]*>\s*<failure message=/);
  }, 30_000);

  it("fails error-after-output when text is appended after the error event", async () => {
    const proxy = await faultyProxy("append-after-error");
    proxies.push(proxy);
    const { code, report } = await drill(proxy.url, ["--only", "error-after-output,no-buffering"]);
    expect(code).toBe(1);
    expect(statusOf(report, "error-after-output")).toBe("fail");
    expect(report.checks.find((c: any) => c.id === "error-after-output").observed).toContain("events after the error");
    expect(statusOf(report, "no-buffering")).toBe("pass");
  }, 30_000);
});

describe("drill judgments (pure)", () => {
  it("frames SSE split anywhere, with CRLF, comments and multi-line data", () => {
    const parser = new SseParser();
    const text =
      ': keepalive\r\n\r\ndata: {"choices":[{"delta":{"content":"a"}}]}\r\n\r\ndata: {"error":\ndata: {"code":"x"}}\n\ndata: [DONE]\n\n';
    const events = [...text].flatMap((char, i) => parser.push(char, i));
    expect(events.map((e) => e.kind)).toEqual(["comment", "chunk", "error", "done"]);
    const facts = streamFacts(events);
    expect(facts).toMatchObject({ text: "a", doneCount: 1, afterErrorCount: 1, last: "done" });
  });

  it("a burst is buffering, the upstream's pace is not", () => {
    expect(judgePacing([1000, 1001, 1002, 1003, 1004], 200).pass).toBe(false);
    expect(judgePacing([200, 400, 600, 800, 1000], 200).pass).toBe(true);
  });

  it("keepalives must come during the silence, not all at its end", () => {
    expect(judgeKeepalive(100, [1100, 2100, 3100], 1000, 500).pass).toBe(true);
    expect(judgeKeepalive(3100, [3100, 3100, 3100], 1000, 500).pass).toBe(false);
  });

  it("JUnit stays well-formed whatever an upstream's text holds", () => {
    const xml = junitXml([{ id: "keepalive", status: "fail", expectation: "a < b", observed: 'x & "y" \u0007', durationMs: 5 }], 5);
    expect(xml).toContain('<failure message="x &amp; &quot;y&quot; ">');
    expect(xml).not.toContain("\u0007");
  });
});
