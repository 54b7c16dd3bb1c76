import { inBursts } from "./bursts.ts";
import { fauxEmbeddings } from "./embeddings.ts";
import { endlessString, paddedJson } from "./flood.ts";
import { framedResponse, sleep } from "./framed-response.ts";
import { countTokens, lastUserText, promptText, replyPieces } from "./reply.ts";
import { FAUX_EXAMPLE_MODELS, type FauxScenario, parseFauxModel } from "./scenario.ts";

/**
 * An OpenAI wire-format server with fault injection, as a plain `Request → Response` function.
 * The Worker runs it in-process as the `faux` provider; the end-to-end tests and the benchmark
 * host the same function on a loopback HTTP port, so every fault behaves identically in both.
 */

/** Stalls are bounded so a forgotten stream cannot live forever. */
const MAX_STALL_MS = 10 * 60_000;
const encoder = new TextEncoder();

/** Attempts seen per gateway request id, for `fail-first-N` (bounded, oldest dropped first). */
const attemptsByRequest = new Map<string, number>();
const MAX_TRACKED_REQUESTS = 10_000;

function nextAttempt(requestId: string | null): number {
  if (!requestId) return 1;
  const attempt = (attemptsByRequest.get(requestId) ?? 0) + 1;
  attemptsByRequest.delete(requestId);
  attemptsByRequest.set(requestId, attempt);
  if (attemptsByRequest.size > MAX_TRACKED_REQUESTS) {
    const oldest = attemptsByRequest.keys().next().value;
    if (oldest !== undefined) attemptsByRequest.delete(oldest);
  }
  return attempt;
}

function errorJson(status: number, message: string, code: string, headers: Record<string, string> = {}): Response {
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  return Response.json({ error: { message, type, param: null, code } }, { status, headers });
}

type Body = { model?: unknown; messages?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown }; tools?: unknown };

function toolName(body: Body): string {
  const tools = Array.isArray(body.tools) ? (body.tools as Array<{ function?: { name?: unknown } }>) : [];
  const name = tools[0]?.function?.name;
  return typeof name === "string" ? name : "faux_tool";
}

/** Handles `POST …/chat/completions`, `POST …/embeddings` and `GET …/models`. */
export async function handleFauxRequest(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (request.method === "GET" && path.endsWith("/models")) {
    return Response.json({
      object: "list",
      data: FAUX_EXAMPLE_MODELS.map((id) => ({ id, object: "model", created: 0, owned_by: "faux" })),
    });
  }
  if (request.method === "POST" && path.endsWith("/embeddings"))
    return fauxEmbeddings(((await request.json().catch(() => null)) ?? {}) as Record<string, unknown>);
  if (request.method !== "POST" || !path.endsWith("/chat/completions"))
    return errorJson(404, `No route ${request.method} ${path}`, "not_found");

  let body: Body;
  try {
    body = (await request.json()) as Body;
  } catch {
    return errorJson(400, "Request body is not JSON", "invalid_json");
  }
  const model = typeof body.model === "string" ? body.model : "";
  const scenario = parseFauxModel(model);
  if (!scenario) return errorJson(404, `The model '${model}' does not exist`, "model_not_found");

  const signal = request.signal;
  const attempt = nextAttempt(request.headers.get("x-request-id"));
  if (scenario.failStatus !== null && (scenario.failFirst === null || attempt <= scenario.failFirst)) {
    const headers: Record<string, string> =
      scenario.retryAfterSeconds !== null ? { "retry-after": String(scenario.retryAfterSeconds) } : {};
    return errorJson(scenario.failStatus, `faux: injected ${scenario.failStatus}`, "faux_injected", headers);
  }
  if (scenario.contextWindow)
    return errorJson(
      400,
      `This model's maximum context length is 1000 tokens. However, your messages resulted in 1200 tokens.`,
      "context_length_exceeded",
    );
  if (scenario.stall === "headers") {
    await sleep(MAX_STALL_MS, signal);
    return errorJson(504, "faux: stalled", "faux_stalled");
  }
  const plan = planReply(scenario, body, attempt);
  return body.stream === true ? streamReply(plan, signal) : completeReply(plan, signal);
}

interface ReplyPlan {
  scenario: FauxScenario;
  id: string;
  model: string;
  created: number;
  pieces: string[];
  tool: string | null;
  includeUsage: boolean;
  promptTokens: number;
}

function planReply(scenario: FauxScenario, body: Body, attempt: number): ReplyPlan {
  const prompt = lastUserText(body.messages);
  return {
    scenario,
    id: `chatcmpl-faux-${Date.now().toString(36)}-${attempt}`,
    model: String(body.model),
    created: Math.floor(Date.now() / 1000),
    pieces: scenario.tool ? ['{"input":', JSON.stringify(prompt), "}"] : replyPieces(scenario, prompt),
    tool: scenario.tool ? toolName(body) : null,
    includeUsage: body.stream_options?.include_usage === true,
    promptTokens: countTokens(promptText(body.messages)),
  };
}

function usageOf(plan: ReplyPlan) {
  const completion = plan.pieces.length;
  return { prompt_tokens: plan.promptTokens, completion_tokens: completion, total_tokens: plan.promptTokens + completion };
}

/** Where the injected fault strikes, in content deltas already sent (clamped to the answer's length). */
function faultAt(n: number | null, pieces: number): number | null {
  return n === null ? null : Math.min(n, pieces);
}

async function completeReply(plan: ReplyPlan, signal: AbortSignal): Promise<Response> {
  const { scenario } = plan;
  await sleep(scenario.firstDelayMs + scenario.gapMs * plan.pieces.length, signal);
  if (scenario.stall === "body" || scenario.hangAfter !== null) {
    await sleep(MAX_STALL_MS, signal);
  }
  if (scenario.dieAfter !== null) throw new TypeError("faux: connection dropped");
  if (scenario.errorAfter !== null) return errorJson(500, "faux: injected error", "faux_injected");
  const completion = completionJson(plan);
  if (scenario.endlessLineAfter !== null) return framedResponse((stop) => endlessBody(completion, stop), signal, "application/json");
  if (scenario.hugeBody)
    return framedResponse(
      async function* () {
        yield* paddedJson(completion);
      },
      signal,
      "application/json",
    );
  return Response.json(completion);
}

/** The non-streamed answer's JSON (Azure adds `prompt_filter_results` to it too). */
function completionJson(plan: ReplyPlan): Record<string, unknown> {
  const content = plan.pieces.join("");
  const message = plan.tool
    ? {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_faux_1", type: "function", function: { name: plan.tool, arguments: content } }],
      }
    : { role: "assistant", content };
  return {
    id: plan.id,
    object: "chat.completion",
    created: plan.created,
    model: plan.model,
    ...(plan.scenario.promptFilter ? { prompt_filter_results: PROMPT_FILTER_RESULTS } : {}),
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.tool ? "tool_calls" : "stop" }],
    usage: usageOf(plan),
  };
}

/** A JSON body cut off inside its content string, then megabytes without an end, then silence. */
async function* endlessBody(completion: Record<string, unknown>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  yield* endlessString({ ...completion, choices: [{ index: 0, message: { role: "assistant", content: "" } }] });
  await sleep(MAX_STALL_MS, signal);
}

/** What Azure OpenAI reports about the prompt, in its first stream chunk and its completions. */
const PROMPT_FILTER_RESULTS = [
  {
    prompt_index: 0,
    content_filter_results: {
      hate: { filtered: false, severity: "safe" },
      self_harm: { filtered: false, severity: "safe" },
      sexual: { filtered: false, severity: "safe" },
      violence: { filtered: false, severity: "safe" },
    },
  },
];

function chunkJson(plan: ReplyPlan, delta: Record<string, unknown>, finishReason: string | null = null) {
  return {
    id: plan.id,
    object: "chat.completion.chunk",
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

function chunk(plan: ReplyPlan, delta: Record<string, unknown>, finishReason: string | null = null): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(chunkJson(plan, delta, finishReason))}\n\n`);
}

/** The SSE frames of a reply, produced lazily so gaps and faults happen in real time. */
async function* streamFrames(plan: ReplyPlan, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const { scenario } = plan;
  if (scenario.stall === "body") await sleep(MAX_STALL_MS, signal);
  if (scenario.promptFilter) {
    // Azure's first chunk, exactly as it sends it: empty choices, empty id and model.
    const filterChunk = { choices: [], created: 0, id: "", model: "", object: "", prompt_filter_results: PROMPT_FILTER_RESULTS };
    yield encoder.encode(`data: ${JSON.stringify(filterChunk)}\n\n`);
  }
  yield chunk(plan, { role: "assistant", content: "" });
  await sleep(scenario.firstDelayMs, signal);
  const dieAt = faultAt(scenario.dieAfter, plan.pieces.length);
  const hangAt = faultAt(scenario.hangAfter, plan.pieces.length);
  const errorAt = faultAt(scenario.errorAfter, plan.pieces.length);
  const endlessAt = faultAt(scenario.endlessLineAfter, plan.pieces.length);
  for (let sent = 0; sent <= plan.pieces.length; sent++) {
    if (sent === endlessAt) {
      yield encoder.encode("data: ");
      yield* endlessString(chunkJson(plan, { content: "" }));
      await sleep(MAX_STALL_MS, signal);
      return;
    }
    if (sent === errorAt) {
      yield encoder.encode(
        `data: ${JSON.stringify({ error: { message: "faux: injected error event", type: "server_error", code: "faux_injected" } })}\n\n`,
      );
      return;
    }
    if (sent === dieAt) throw new TypeError("faux: connection dropped");
    if (sent === hangAt) await sleep(MAX_STALL_MS, signal);
    const piece = plan.pieces[sent];
    if (piece === undefined) break;
    await sleep(scenario.gapMs, signal);
    if (plan.tool && sent === 0) {
      yield chunk(plan, {
        tool_calls: [{ index: 0, id: "call_faux_1", type: "function", function: { name: plan.tool, arguments: piece } }],
      });
    } else if (plan.tool) {
      yield chunk(plan, { tool_calls: [{ index: 0, function: { arguments: piece } }] });
    } else if (scenario.hugeBody && sent === 0) {
      yield encoder.encode("data: ");
      yield* paddedJson(chunkJson(plan, { content: piece }), "\n\n");
    } else {
      yield chunk(plan, { content: piece });
    }
  }
  yield chunk(plan, {}, plan.tool ? "tool_calls" : "stop");
  if (plan.includeUsage) {
    const usageChunk = {
      id: plan.id,
      object: "chat.completion.chunk",
      created: plan.created,
      model: plan.model,
      choices: [],
      usage: usageOf(plan),
    };
    yield encoder.encode(`data: ${JSON.stringify(usageChunk)}\n\n`);
  }
  yield encoder.encode("data: [DONE]\n\n");
}

function streamReply(plan: ReplyPlan, requestSignal: AbortSignal): Response {
  const { burst } = plan.scenario;
  const frames = (stop: AbortSignal) => (burst > 1 ? inBursts(streamFrames(plan, stop), burst) : streamFrames(plan, stop));
  return framedResponse(frames, requestSignal, "text/event-stream; charset=utf-8");
}
