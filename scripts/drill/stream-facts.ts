import { isContentChunk, type SseEvent } from "./sse-probe.ts";

/** What a received stream amounts to, computed once so every check reads the same facts. */
export interface StreamFacts {
  text: string;
  /** Arrival time of each content delta, from the request's start. */
  deltaTimes: number[];
  firstDeltaMs: number | null;
  doneCount: number;
  errors: Array<{ atMs: number; code: string | null; message: string }>;
  /** Events (other than comments) received after the first error event: must be none. */
  afterErrorCount: number;
  /** Content received after the first error event, e.g. a second model's text. */
  afterErrorText: string;
  /** Whether the last non-comment event is `[DONE]`, an error, or something else. */
  last: "done" | "error" | "other" | "none";
  unparsable: number;
  /** Distinct chunk `id`s among content chunks: one stream of one model has one. */
  chunkIds: string[];
  comments: number[];
  usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  finishReason: string | null;
}

const contentOf = (json: any): string => json?.choices?.[0]?.delta?.content ?? "";

/** Folds the received events into the facts the checks judge. */
export function streamFacts(events: SseEvent[]): StreamFacts {
  const facts: StreamFacts = {
    text: "",
    deltaTimes: [],
    firstDeltaMs: null,
    doneCount: 0,
    errors: [],
    afterErrorCount: 0,
    afterErrorText: "",
    last: "none",
    unparsable: 0,
    chunkIds: [],
    comments: [],
    usage: null,
    finishReason: null,
  };
  for (const event of events) {
    if (event.kind === "comment") {
      facts.comments.push(event.atMs);
      continue;
    }
    const afterError = facts.errors.length > 0;
    if (afterError) facts.afterErrorCount++;
    facts.last = event.kind === "done" ? "done" : event.kind === "error" ? "error" : "other";
    switch (event.kind) {
      case "done":
        facts.doneCount++;
        break;
      case "error":
        facts.errors.push({ atMs: event.atMs, code: event.json?.error?.code ?? null, message: String(event.json?.error?.message ?? "") });
        break;
      case "unparsable":
        facts.unparsable++;
        break;
      case "chunk": {
        if (event.json?.usage) facts.usage = event.json.usage;
        const finish = event.json?.choices?.[0]?.finish_reason;
        if (finish) facts.finishReason = finish;
        if (!isContentChunk(event.json)) break;
        if (afterError) {
          facts.afterErrorText += contentOf(event.json);
          break;
        }
        facts.text += contentOf(event.json);
        facts.deltaTimes.push(event.atMs);
        facts.firstDeltaMs ??= event.atMs;
        const id = String(event.json?.id ?? "");
        if (!facts.chunkIds.includes(id)) facts.chunkIds.push(id);
        break;
      }
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }
  return facts;
}
