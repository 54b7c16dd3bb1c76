import { exports } from "cloudflare:workers";
import { expect } from "vitest";

/** Test helpers that drive the Worker's own fetch handler inside workerd. */

export const ADMIN_TOKEN = "test-admin-token";

export function gatewayFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(`http://gateway.test${path}`, init);
}

export async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return gatewayFetch(`/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let tenantCounter = 0;

/**
 * A fresh tenant with a faux provider, the given workflows and an inference key.
 * Unique names keep test files independent of each other.
 */
export async function setupTenant(workflows: Record<string, unknown>, keyOptions: Record<string, unknown> = {}) {
  const tenant = `t${Date.now().toString(36)}${tenantCounter++}`;
  await expectOk(admin("PUT", `/tenants/${tenant}`, {}));
  await expectOk(admin("PUT", `/tenants/${tenant}/providers/faux`, { type: "faux" }));
  await expectOk(admin("PUT", `/tenants/${tenant}/providers/backup`, { type: "faux" }));
  for (const [name, workflow] of Object.entries(workflows)) await expectOk(admin("PUT", `/tenants/${tenant}/workflows/${name}`, workflow));
  const created = (await (await expectOk(admin("POST", `/tenants/${tenant}/keys`, { name: "test", ...keyOptions }))).json()) as {
    key: string;
    id: string;
  };
  return { tenant, key: created.key, keyId: created.id };
}

async function expectOk(pending: Promise<Response>): Promise<Response> {
  const response = await pending;
  if (!response.ok) throw new Error(`admin call failed: ${response.status} ${await response.text()}`);
  return response;
}

export function chat(key: string, body: Record<string, unknown>, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return gatewayFetch("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ messages: [{ role: "user", content: "hello gateway" }], ...body }),
    ...(signal ? { signal } : {}),
  });
}

export interface ParsedSse {
  /** Each `data:` payload, JSON-parsed (except `[DONE]`). */
  events: Array<Record<string, any>>;
  done: boolean;
  comments: number;
  text: string;
}

/** Reads a whole SSE response body. */
export async function readSse(response: Response): Promise<ParsedSse> {
  const raw = await response.text();
  const result: ParsedSse = { events: [], done: false, comments: 0, text: "" };
  for (const block of raw.split("\n\n")) {
    if (!block) continue;
    if (block.startsWith(":")) {
      result.comments++;
      continue;
    }
    const data = block.replace(/^data: /, "");
    if (data === "[DONE]") {
      result.done = true;
      continue;
    }
    const event = JSON.parse(data);
    result.events.push(event);
    for (const choice of event.choices ?? []) result.text += choice.delta?.content ?? "";
  }
  return result;
}

/** The log record of a response, once its background write has landed. */
export async function logOf(tenant: string, res: Response): Promise<any> {
  const id = res.headers.get("x-request-id");
  let record: any = null;
  await expect
    .poll(
      async () => {
        const got = await admin("GET", `/tenants/${tenant}/logs/${id}`);
        record = got.ok ? await got.json() : null;
        return got.status;
      },
      { timeout: 5_000, interval: 50 },
    )
    .toBe(200);
  return record;
}
