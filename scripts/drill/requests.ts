import type { DrillContext } from "./check.ts";
import { type ProbeRequest, probeStream, type StreamProbe } from "./sse-probe.ts";

/** The streamed request every check sends: the run's prompt, usage asked for as the SDKs do. */
export function chatBody(ctx: DrillContext, model: string): Record<string, unknown> {
  return { model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: ctx.prompt }] };
}

/** Streams one request with raw fetch and reads it to the end (or to the drill's bounds). */
export function probe(ctx: DrillContext, model: string, options: Partial<ProbeRequest> = {}): Promise<StreamProbe> {
  return probeStream({
    url: ctx.baseUrl,
    key: ctx.key,
    body: chatBody(ctx, model),
    deadlineMs: ctx.settings.requestTimeoutMs,
    ...options,
  });
}

/** A short description of a response that was not the expected stream, for the report. */
export function describeProbe(probe: StreamProbe): string {
  if (probe.networkError) return `network error: ${probe.networkError}`;
  const body = probe.text === null ? "" : ` ${probe.text.slice(0, 160)}`;
  return `HTTP ${probe.status} ${probe.headers.get("content-type") ?? "(no content-type)"}, ended: ${probe.ended}${body}`;
}

/** The SDK error's code, whether the SDK put it on the error or on its `error` body. */
export function sdkErrorCode(error: unknown): string | null {
  const e = error as { code?: unknown; error?: { code?: unknown } } | null;
  const code = e?.code ?? e?.error?.code;
  return typeof code === "string" ? code : null;
}

/** Bound on chunks read through the SDK: far above any drill answer, finite for an endless one. */
const MAX_SDK_CHUNKS = 5_000;

/**
 * Streams through the official SDK, bounded in time and count. The SDK's own `timeout` stops at
 * the response headers, so a stalled body needs this signal to end.
 */
export async function* sdkChunks(ctx: DrillContext, model: string, timeoutMs: number = ctx.settings.requestTimeoutMs) {
  const messages = [{ role: "user" as const, content: ctx.prompt }];
  const stream = await ctx.sdk().chat.completions.create({ model, stream: true, messages }, { signal: AbortSignal.timeout(timeoutMs) });
  let count = 0;
  for await (const chunk of stream) {
    yield chunk;
    if (++count >= MAX_SDK_CHUNKS) throw new Error(`more than ${MAX_SDK_CHUNKS} chunks`);
  }
}
