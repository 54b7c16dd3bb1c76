import { jsonTextDepth } from "../http/json-depth.ts";
import { MCP_ANSWER_MAX_BYTES, MCP_MAX_DEPTH, UPSTREAM_ERROR_BODY_MAX_BYTES } from "../platform-limits.ts";
import { readTextUpTo } from "../stream/read-text-up-to.ts";
import { decodeSse } from "../stream/sse-decoder.ts";
import { type RpcAnswer, rpcAnswer } from "./json-rpc.ts";
import { failureOfStatus, type McpFailureKind } from "./retry-decision.ts";

/** The id of every request the gateway sends upstream: each exchange is its own HTTP request, so one id suffices. */
export const UPSTREAM_ID = 1;

/** One POST of one JSON-RPC request to one MCP server URL. */
export interface UpstreamExchange {
  url: string;
  headers: Record<string, string>;
  /** The JSON-RPC request as sent (its id is `UPSTREAM_ID`). */
  message: Record<string, unknown>;
  timeoutMs: number;
  /** The client's signal: its disconnect aborts the exchange. */
  signal: AbortSignal;
}

/** How an exchange ended: the server's JSON-RPC answer, or a failure classified for the retry rule. */
export type ExchangeResult =
  | { ok: true; answer: RpcAnswer; status: number; gotBytes: true }
  | { ok: false; failure: McpFailureKind; status: number | null; reason: string; gotBytes: boolean };

/** Raised inside the exchange when the answer is unusable: the message is the reason recorded. */
class BadAnswer extends Error {}

/**
 * Sends one request and reads the answer, JSON or an SSE stream, within `timeoutMs` for the whole
 * exchange. In a stream, the server's notifications and requests before the answer are passed
 * over (the gateway answers with one JSON body); the stream is read only until the answer.
 */
export async function exchange(call: UpstreamExchange): Promise<ExchangeResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  const onClientGone = () => controller.abort();
  // A client already gone before this attempt: its abort event has fired and will not again.
  if (call.signal.aborted) controller.abort();
  else call.signal.addEventListener("abort", onClientGone);
  let gotBytes = false;
  const failed = (failure: McpFailureKind, status: number | null, reason: string): ExchangeResult => ({
    ok: false,
    failure: gotBytes && failure !== "upstream_4xx" && failure !== "upstream_5xx" ? "interrupted" : failure,
    status,
    reason,
    gotBytes,
  });
  try {
    let response: Response;
    try {
      response = await fetch(call.url, {
        method: "POST",
        headers: { ...call.headers, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify(call.message),
        signal: controller.signal,
        redirect: "manual",
      });
    } catch (error) {
      return failed(timedOut ? "timeout" : "network", null, timedOut ? `no answer within ${call.timeoutMs} ms` : describe(error));
    }
    if (!response.ok) {
      const { text } = await readTextUpTo(response.body, UPSTREAM_ERROR_BODY_MAX_BYTES).catch(() => ({ text: "" }));
      return failed(failureOfStatus(response.status), response.status, `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
    }
    const body = response.body?.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          if (chunk.byteLength > 0) gotBytes = true;
          out.enqueue(chunk);
        },
      }),
    );
    try {
      const answer = await readAnswer(body ?? null, response.headers.get("content-type"));
      return { ok: true, answer, status: response.status, gotBytes: true };
    } catch (error) {
      if (timedOut) return failed("timeout", response.status, `the answer did not complete within ${call.timeoutMs} ms`);
      if (error instanceof BadAnswer) return { ok: false, failure: "bad_answer", status: response.status, reason: error.message, gotBytes };
      return failed("network", response.status, describe(error));
    }
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener("abort", onClientGone);
  }
}

/** A server's JSON-RPC answer to `UPSTREAM_ID`, from a JSON body or an SSE stream (by its content type); throws when there is none. */
export function readAnswer(body: ReadableStream<Uint8Array> | null, contentType: string | null): Promise<RpcAnswer> {
  const isSse = (contentType ?? "").toLowerCase().startsWith("text/event-stream");
  return isSse ? answerFromSse(body) : answerFromJson(body);
}

/** The JSON-RPC answer in a JSON body. */
async function answerFromJson(body: ReadableStream<Uint8Array> | null): Promise<RpcAnswer> {
  const { text, overflowed } = await readTextUpTo(body, MCP_ANSWER_MAX_BYTES);
  if (overflowed) throw new BadAnswer(`the answer is larger than ${MCP_ANSWER_MAX_BYTES} bytes`);
  return parseAnswer(text);
}

/** The JSON-RPC answer to `UPSTREAM_ID` in an SSE stream; other messages are passed over. */
async function answerFromSse(body: ReadableStream<Uint8Array> | null): Promise<RpcAnswer> {
  if (!body) throw new BadAnswer("an empty event stream");
  const reader = decodeSse(body).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new StreamEndedEarly();
      if (!value.data) continue;
      const message = safeParse(value.data);
      if (message && typeof message === "object" && (message as { id?: unknown }).id === UPSTREAM_ID && !("method" in message))
        return parseAnswer(value.data);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The stream closed before the answer: a network failure (after bytes: interrupted). */
class StreamEndedEarly extends Error {
  constructor() {
    super("the event stream ended before the answer");
  }
}

function parseAnswer(text: string): RpcAnswer {
  // A deeper answer could not be passed on (serializing it would overflow the stack).
  if (jsonTextDepth(text, MCP_MAX_DEPTH) > MCP_MAX_DEPTH) throw new BadAnswer(`the answer is nested deeper than ${MCP_MAX_DEPTH} levels`);
  const parsed = rpcAnswer.safeParse(safeParse(text));
  if (!parsed.success) throw new BadAnswer("the answer is not a JSON-RPC response");
  return parsed.data;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
