import OpenAI from "openai";
import { afterAll, beforeAll, inject } from "vitest";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";

export const gatewayUrl = () => inject("gatewayUrl");

/** Calls the admin API of the running gateway; answers the status and the JSON body, whatever the status. */
export async function adminCall(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${gatewayUrl()}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${inject("adminToken")}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

/** Calls the admin API of the running gateway; throws on failure. */
export async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const { status, json } = await adminCall(method, path, body);
  if (status >= 400) throw new Error(`admin ${method} ${path}: ${status} ${JSON.stringify(json)}`);
  return json;
}

let counter = 0;

/**
 * Per test file: a loopback upstream (the faux provider unless `start` makes another), and a
 * fresh tenant whose providers `primary` and `backup` both point at it. `workflow()` creates a
 * workflow and returns an SDK client.
 */
export function useTenant<U extends LoopbackUpstream = LoopbackUpstream>(
  start: () => Promise<U> = () => startLoopbackUpstream() as Promise<U>,
) {
  const state = {} as { upstream: U; tenant: string; key: string };
  beforeAll(async () => {
    state.upstream = await start();
    state.tenant = `e2e${Date.now().toString(36)}${counter++}`;
    await admin("PUT", `/tenants/${state.tenant}`, {});
    for (const name of ["primary", "backup"]) {
      await admin("PUT", `/tenants/${state.tenant}/providers/${name}`, {
        type: "openai-compatible",
        baseUrl: state.upstream.baseUrl,
        apiKey: `sk-upstream-${name}`,
      });
    }
    state.key = (await admin("POST", `/tenants/${state.tenant}/keys`, { name: "e2e" })).key;
  });
  afterAll(async () => {
    await state.upstream?.close();
  });
  return {
    get upstream() {
      return state.upstream;
    },
    get tenant() {
      return state.tenant;
    },
    get key() {
      return state.key;
    },
    /** An SDK client pointed at the gateway; the SDK's own retries are off so the gateway's show. */
    client(apiKey: string = state.key) {
      return new OpenAI({ baseURL: `${gatewayUrl()}/v1`, apiKey, maxRetries: 0, timeout: 20_000 });
    },
    /** Creates workflow `name` over the given primary/backup models. */
    async workflow(name: string, primaryModel: string, backupModel?: string, extra: Record<string, unknown> = {}) {
      const targets = [{ provider: "primary", model: primaryModel }, ...(backupModel ? [{ provider: "backup", model: backupModel }] : [])];
      await admin("PUT", `/tenants/${state.tenant}/workflows/${name}`, {
        targets,
        retry: { maxAttempts: 2, initialBackoffMs: 20, maxBackoffMs: 40 },
        timeouts: { firstEventMs: 1_000, idleMs: 1_000, totalMs: 15_000, keepaliveMs: 5_000 },
        ...extra,
      });
      return name;
    },
  };
}

/** Polls a tenant's log index until `count` (≤ 200) records of `workflow` are listed; returns them whole, oldest first. */
export async function recordsOf(tenant: string, workflow: string, count = 1, timeoutMs = 10_000): Promise<any[]> {
  let listed: any[] = [];
  await expectPoll(async () => {
    listed = (await admin("GET", `/tenants/${tenant}/logs?workflow=${encodeURIComponent(workflow)}&limit=200`)).data;
    return listed.length >= count;
  }, timeoutMs).catch((error) => {
    throw new Error(`${error.message}: ${listed.length} of ${count} records of '${workflow}' listed`);
  });
  return Promise.all(listed.reverse().map((entry) => admin("GET", `/tenants/${tenant}/logs/${entry.id}`)));
}

/** Bounded polling: resolves when `check` is true, throws after `timeoutMs`. */
async function expectPoll(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not true within ${timeoutMs} ms`);
}

/** Polls the admin API until the request's log record has been written (bounded: 5 s). */
export async function logRecord(tenant: string, requestId: string | null): Promise<any> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const record = await admin("GET", `/tenants/${tenant}/logs/${requestId}`).catch(() => null);
    if (record?.id === requestId) return record;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no log record for ${requestId} within 5 s`);
}

/**
 * Streams a chat completion and aborts it, as a client leaving does, after `deltas` content
 * deltas; answers the response (its headers name the request).
 */
export async function abortAfterDeltas(
  client: OpenAI,
  model: string,
  messages: OpenAI.Chat.ChatCompletionMessageParam[],
  deltas: number,
): Promise<Response> {
  const controller = new AbortController();
  const { data: stream, response } = await client.chat.completions
    .create({ model, messages, stream: true }, { signal: controller.signal })
    .withResponse();
  let seen = 0;
  try {
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content && ++seen === deltas) controller.abort();
  } catch {
    // APIUserAbortError: the abort itself
  }
  return response;
}
