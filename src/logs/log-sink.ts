import type { AttemptRecord } from "../attempts/attempt-record.ts";
import { CompletionAssembler } from "../chat/completion-assembler.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import { ConfigStore } from "../config/config-store.ts";
import type { KeyRecord, ProviderRecord, Target } from "../config/schemas.ts";
import type { ContractVerdict, ResponseContract } from "../contract/response-contract.ts";
import type { GatewayError } from "../http/gateway-error.ts";
import { keyUsageStub } from "../limits/key-usage.ts";
import { LOG_MAX_CHUNK_BYTES, LOG_MAX_CHUNKS, LOG_MAX_OUTPUT_CHARS } from "../limits.ts";
import { costUsd, findPrice } from "../pricing/cost.ts";
import type { UpstreamEvent } from "../providers/provider-adapter.ts";
import type { StreamEnd } from "../stream/stream-end.ts";
import type { ResolvedRoute } from "../workflow/resolve-route.ts";
import { indexShardFor } from "./index-shards.ts";
import { type LoggedChunk, type LoggedContract, type LogOutcome, type RequestLogRecord, summarize } from "./log-record.ts";
import { estimateUsage, fromOpenAIUsage } from "./usage.ts";

export interface LogEnd {
  outcome: LogOutcome;
  httpStatus: number;
  disconnect?: RequestLogRecord["disconnect"];
}

/**
 * Collects one request's lifecycle while it runs and writes it once, at the end, to the request's
 * Durable Object and its tenant's index. The client never waits on it: `flushed` is registered
 * with `waitUntil` when the request arrives and settles after the write.
 */
export class RequestLogSink {
  readonly flushed: Promise<void>;
  private settle!: () => void;
  private finished = false;
  private deferredToStream = false;
  private readonly env: Env;
  private readonly startedAt: number;
  private readonly base: Pick<RequestLogRecord, "id" | "clientRequestId" | "method" | "path" | "receivedAt">;
  private key: KeyRecord | null = null;
  private request: Record<string, unknown> | null = null;
  private route: ResolvedRoute | null = null;
  private stream = false;
  private attemptList: AttemptRecord[] = [];
  private served: Target | null = null;
  private readonly providerTypes = new Map<string, string>();
  private error: RequestLogRecord["error"] = null;
  private firstByteMs: number | null = null;
  private firstDeltaMs: number | null = null;
  private lastDeltaMs: number | null = null;
  private readonly counts = { chunks: 0, contentDeltas: 0, toolCallDeltas: 0, usageChunks: 0, errors: 0, done: 0 };
  private readonly output = new CompletionAssembler(LOG_MAX_OUTPUT_CHARS);
  private readonly chunks: LoggedChunk[] = [];
  private chunkBytes = 0;
  private chunksTruncated = false;
  private completion: ChatCompletion | null = null;
  private cache: RequestLogRecord["cache"] = null;
  private contract: LoggedContract | null = null;

  constructor(env: Env, init: { requestId: string; receivedAt: number; clientRequestId: string | null; method: string; path: string }) {
    this.env = env;
    this.startedAt = init.receivedAt;
    this.base = {
      id: init.requestId,
      clientRequestId: init.clientRequestId,
      method: init.method,
      path: init.path,
      receivedAt: new Date(init.receivedAt).toISOString(),
    };
    this.flushed = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  identify(key: KeyRecord): void {
    this.key = key;
  }
  describe(request: Record<string, unknown>, route: ResolvedRoute, stream: boolean): void {
    this.request = request;
    this.route = route;
    this.stream = stream;
  }
  noteProvider(provider: ProviderRecord): void {
    this.providerTypes.set(provider.name, provider.type);
  }
  attempts(attempts: AttemptRecord[], served: Target | null): void {
    this.attemptList = attempts;
    this.served = served;
  }
  failedWith(error: GatewayError): void {
    this.error = { status: error.status, type: error.type, code: error.code, message: error.publicMessage };
  }
  /** The response started (headers sent at commit). */
  responseStarted(): void {
    this.firstByteMs ??= Date.now() - this.startedAt;
  }
  completed(completion: ChatCompletion): void {
    this.completion = completion;
  }
  /** The request is held to a response contract; verdicts follow. */
  contractApplies(contract: ResponseContract | null): void {
    if (contract) this.contract = { source: contract.source, streamMode: contract.policy.stream, verdict: "unchecked", errors: [] };
  }
  contractVerdict(verdict: ContractVerdict): void {
    if (this.contract)
      this.contract = { ...this.contract, verdict: verdict.ok ? "passed" : "violated", errors: verdict.ok ? [] : verdict.errors };
  }
  cacheStatus(status: RequestLogRecord["cache"]): void {
    this.cache = status;
  }
  /** Answered from the cache: no attempts, no cost, the original cost noted as saved. */
  cacheHit(completion: ChatCompletion, servedBy: Target): void {
    this.cache = "HIT";
    this.served = servedBy;
    this.completion = completion;
  }
  /** The stream owns the end of this log from now on. */
  deferUntilStreamEnds(): void {
    this.deferredToStream = true;
  }
  get deferred(): boolean {
    return this.deferredToStream || this.finished;
  }

  /** Sees each event the committed stream delivers. */
  observe(event: UpstreamEvent): void {
    const atMs = Date.now() - this.startedAt;
    switch (event.type) {
      case "done":
        this.counts.done++;
        return;
      case "error":
        this.counts.errors++;
        this.keepChunk(atMs, event.data);
        return;
      case "chunk": {
        this.counts.chunks++;
        const chunk = event.chunk;
        if (chunk.usage) this.counts.usageChunks++;
        for (const choice of chunk.choices ?? []) {
          if (choice.delta?.content) this.counts.contentDeltas++;
          if (choice.delta?.tool_calls?.length) this.counts.toolCallDeltas++;
          if (choice.delta?.content || choice.delta?.tool_calls?.length || choice.delta?.refusal) {
            this.firstDeltaMs ??= atMs;
            this.lastDeltaMs = atMs;
          }
        }
        this.output.add(chunk);
        this.keepChunk(atMs, event.data);
      }
    }
  }

  /** Ends a stream's log. */
  streamEnded(end: StreamEnd): void {
    this.finish(this.streamEnd(end));
  }

  private streamEnd(end: StreamEnd): LogEnd {
    switch (end.kind) {
      case "completed":
        return { outcome: "completed", httpStatus: 200 };
      case "client_aborted":
        return { outcome: "client_aborted", httpStatus: 200, disconnect: "client" };
      case "interrupted":
        this.error = { status: 200, type: "upstream_error", code: end.code, message: end.reason };
        return {
          outcome: this.output.textChars > 0 ? "failed_after_output" : "failed_before_output",
          httpStatus: 200,
          disconnect: end.code === "stream_interrupted" ? "upstream" : "gateway",
        };
    }
  }

  /** Ends the log once; the write runs in the background. */
  finish(end: LogEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.write(end)
      .catch((error) =>
        console.error(`[${this.base.id}] request log write failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => this.settle());
  }

  private keepChunk(atMs: number, data: string): void {
    if (this.chunksTruncated) return;
    if (this.chunks.length >= LOG_MAX_CHUNKS || this.chunkBytes + data.length > LOG_MAX_CHUNK_BYTES) {
      this.chunksTruncated = true;
      return;
    }
    this.chunkBytes += data.length;
    this.chunks.push({ atMs, data });
  }

  private async write(end: LogEnd): Promise<void> {
    // Operators may switch records off (the benchmark measures their cost this way); spend then goes unrecorded too.
    if ((this.env.LOG_REQUESTS as string) === "false") return;
    const record = await this.buildRecord(end);
    const full = record.logContent === "full";
    const logs = this.env.REQUEST_LOG;
    const writes: Promise<unknown>[] = [
      logs.get(logs.idFromName(record.id)).write({
        record,
        request: full ? this.request : null,
        attemptBodies: full ? this.attemptList.map((a) => a.requestBody) : [],
        chunks: full ? this.chunks : this.chunks.map((c) => ({ atMs: c.atMs, data: "" })),
      }),
    ];
    if (this.key && record.costUsd) writes.push(keyUsageStub(this.env, this.key).addSpend(record.costUsd, this.startedAt));
    if (record.tenant) {
      const index = this.env.LOG_INDEX;
      writes.push(index.get(index.idFromName(indexShardFor(record.tenant, record.id))).add(summarize(record)));
    }
    await Promise.all(writes);
  }

  private async buildRecord(end: LogEnd): Promise<RequestLogRecord> {
    const tenant = this.key?.tenant ?? null;
    const logContent = this.route?.logContent ?? "full";
    const answer = this.completion;
    const reported = fromOpenAIUsage(answer ? answer.usage : this.output.usage);
    const outputChars = answer ? JSON.stringify(answer.choices).length : this.output.textChars;
    const usage =
      reported ?? (this.served && (outputChars > 0 || this.request) ? estimateUsage(this.request?.messages, outputChars) : null);
    let cost: number | null = null;
    let priceSource: string | null = null;
    if (usage && this.served && tenant) {
      const store = new ConfigStore(this.env.CONFIG);
      const providerType =
        this.providerTypes.get(this.served.provider) ?? (await store.getProvider(tenant, this.served.provider))?.type ?? null;
      const found = findPrice(await store.getPrices(tenant), this.served.provider, providerType, this.served.model);
      if (found) {
        cost = costUsd(usage, found.price);
        priceSource = found.source;
      }
    }
    const first = this.output.firstChoice();
    const answerChoice = answer?.choices[0];
    const output: RequestLogRecord["output"] = answerChoice
      ? {
          text: typeof answerChoice.message.content === "string" ? answerChoice.message.content : "",
          toolCalls: (answerChoice.message.tool_calls ?? []) as [],
          finishReason: answerChoice.finish_reason,
        }
      : first
        ? { text: first.content, toolCalls: first.toolCalls, finishReason: first.finishReason }
        : null;
    return {
      ...this.base,
      tenant,
      keyId: this.key?.id ?? null,
      workflow: this.route?.name ?? null,
      stream: this.stream,
      outcome: end.outcome,
      httpStatus: end.httpStatus,
      partialOutput: end.outcome !== "completed" && (this.output.textChars > 0 || this.counts.toolCallDeltas > 0),
      disconnect: end.disconnect ?? null,
      servedBy: this.served,
      cache: this.cache,
      logContent,
      timings: {
        firstByteMs: this.firstByteMs,
        firstDeltaMs: this.firstDeltaMs,
        lastDeltaMs: this.lastDeltaMs,
        completedMs: Date.now() - this.startedAt,
      },
      attempts: this.attemptList.map(({ requestBody: _body, ...attempt }) => attempt),
      eventCounts: this.counts,
      usage,
      costUsd: this.cache === "HIT" && cost !== null ? 0 : cost,
      costSavedUsd: this.cache === "HIT" ? cost : null,
      priceSource,
      error: this.error,
      output: logContent === "full" ? output : null,
      chunksTruncated: this.chunksTruncated || this.output.overflowed,
      contract: this.contract,
    };
  }
}
