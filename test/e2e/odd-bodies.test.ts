import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../support/wrangler-dev.ts";

/**
 * Records readable whatever they hold, through the running gateway's admin API: a body nested
 * 20,000 deep, a 10 MB body, invalid UTF-8, a body that is not JSON, and a refused request's
 * body on every door. Its own gateway, with a body limit (16 MiB) that admits the 10 MB body.
 */

let gateway: RunningGateway | undefined;
const tenant = `odd${Date.now().toString(36)}`;
let key = "";

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${gateway?.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${gateway?.adminToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  gateway = await startGateway({ extraArgs: ["--var", `MAX_BODY_BYTES:${16 * 1024 * 1024}`] });
  for (const [path, body] of [
    [`/tenants/${tenant}`, {}],
    [`/tenants/${tenant}/providers/faux`, { type: "faux" }],
    [`/tenants/${tenant}/workflows/w`, { targets: [{ provider: "faux", model: "echo" }] }],
  ] as const)
    expect((await admin("PUT", path, body)).ok).toBe(true);
  key = ((await (await admin("POST", `/tenants/${tenant}/keys`, { name: "odd" })).json()) as { key: string }).key;
});
afterAll(async () => {
  await gateway?.stop();
});

function send(path: string, body: BodyInit): Promise<Response> {
  return fetch(`${gateway?.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
}

/** The request's record through the admin API: every read must answer 200 (bounded: 10 s). */
async function recordOf(res: Response): Promise<any> {
  const id = res.headers.get("x-request-id");
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const read = await admin("GET", `/tenants/${tenant}/logs/${id}`);
    expect(read.status).toBeLessThan(500);
    if (read.status === 200) return read.json();
    await read.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no record for ${id} within 10 s`);
}

const hello = '"messages":[{"role":"user","content":"hello"}]';

describe("records of odd bodies read back through the admin API", () => {
  it("a body nested 20,000 deep: answered, and its record returns the body as text", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const res = await send("/v1/chat/completions", `{"model":"w",${hello},"extra":${deep}}`);
    expect(res.status).toBe(200);
    await res.text();
    const record = await recordOf(res);
    expect(record.outcome).toBe("completed");
    expect(typeof record.request).toBe("string");
    expect(JSON.parse(record.request).extra).toBeDefined();
  });

  it("a deep body in a record stored as separate rows (over 100 K characters): its body as text too", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const padding = "y".repeat(150_000);
    const res = await send("/v1/chat/completions", `{"model":"w",${hello},"padding":"${padding}","extra":${deep}}`);
    expect(res.status).toBe(200);
    await res.text();
    const record = await recordOf(res);
    expect(typeof record.request).toBe("string");
    expect(JSON.parse(record.request).padding).toBe(padding);
    expect(record.attemptBodies).toHaveLength(1);
  });

  it("a 10 MB body: answered, and its record keeps a bounded head of it", async () => {
    const content = "x".repeat(10 * 1024 * 1024);
    const res = await send("/v1/chat/completions", JSON.stringify({ model: "w", messages: [{ role: "user", content }] }));
    expect(res.status).toBe(200);
    await res.text();
    const record = await recordOf(res);
    expect(record.outcome).toBe("completed");
    expect(record.request).toMatchObject({ truncated: true });
    expect(record.request.originalChars).toBeGreaterThan(10 * 1024 * 1024);
    expect(record.request.head.startsWith('{"model":"w"')).toBe(true);
  });

  it("invalid UTF-8: answered, and its record holds the replacement characters it decoded to", async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const bytes = new Uint8Array([...encode('{"model":"w","messages":[{"role":"user","content":"a'), 0xff, 0xc3, ...encode('b"}]}')]);
    const res = await send("/v1/chat/completions", bytes);
    expect(res.status).toBe(200);
    await res.text();
    const record = await recordOf(res);
    expect(record.request.messages[0].content).toBe("a\ufffd\ufffdb");
  });

  it("a body that is not JSON: a 400, and its record keeps the text", async () => {
    const res = await send("/v1/chat/completions", "model=w&stream=true");
    expect(res.status).toBe(400);
    await res.text();
    const record = await recordOf(res);
    expect(record).toMatchObject({ outcome: "rejected", httpStatus: 400, request: "model=w&stream=true" });
  });
});

describe("a refused request's record shows its body on each door", () => {
  const refused: Array<[string, Record<string, unknown>]> = [
    ["/v1/chat/completions", { model: "w", stream: true, messages: "not a list" }],
    ["/v1/responses", { model: "w", stream: true, input: 42 }],
    ["/v1/messages", { model: "w", stream: true, max_tokens: "many", messages: [] }],
    ["/v1/embeddings", { model: "w", input: { not: "embeddable" } }],
  ];
  for (const [path, body] of refused)
    it(path, async () => {
      const res = await send(path, JSON.stringify(body));
      expect(res.status).toBe(400);
      await res.text();
      const record = await recordOf(res);
      expect(record).toMatchObject({ outcome: "rejected", stream: body.stream === true, request: body });
    });
});
