import { CompletionAssembler } from "../../src/chat/completion-assembler.ts";
import type { ProviderAdapter } from "../../src/providers/provider-adapter.ts";
import type { UpstreamEvent } from "../../src/stream/upstream-event.ts";
import { collect, streamOf } from "./byte-stream.ts";

/** What a translated stream amounts to, as a client would fold it. */
export interface FoldedStream {
  events: UpstreamEvent[];
  completion: ReturnType<CompletionAssembler["completion"]>;
  ended: "done" | "error" | "eof";
  error: Extract<UpstreamEvent, { type: "error" }> | null;
}

/** Replays recorded wire text through an adapter's stream translation, cut at `cuts`, and folds the chunks. */
export async function foldTranslated(adapter: ProviderAdapter, wire: string, cuts: number[] = []): Promise<FoldedStream> {
  const events = await collect(adapter.streamEvents(streamOf(new TextEncoder().encode(wire), cuts)));
  const assembler = new CompletionAssembler(1_000_000);
  for (const event of events) if (event.type === "chunk") assembler.add(event.chunk);
  const last = events.at(-1);
  const error = events.find((e): e is Extract<UpstreamEvent, { type: "error" }> => e.type === "error") ?? null;
  return {
    events,
    completion: assembler.completion(),
    ended: last?.type === "done" ? "done" : last?.type === "error" ? "error" : "eof",
    error,
  };
}

/** Every single-cut position of `wire`'s bytes, stepping by `step` (all of them when 1). */
export function everyCut(wire: string, step = 1): number[][] {
  const length = new TextEncoder().encode(wire).length;
  const cuts: number[][] = [];
  for (let at = 1; at < length; at += step) cuts.push([at]);
  return cuts;
}
