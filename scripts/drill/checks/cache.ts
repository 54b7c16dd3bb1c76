import { type Check, outcomeOf } from "../check.ts";
import { describeProbe, probe, sdkChunks } from "../requests.ts";
import type { StreamProbe } from "../sse-probe.ts";
import { streamFacts } from "../stream-facts.ts";

/** The cache entry is written after the first answer, in the background: ask again until a HIT, bounded. */
const HIT_TRIES = 20;
const HIT_INTERVAL_MS = 250;

/** A cached answer replays as a valid stream: the same text, valid chunks, a finish reason, one `[DONE]`. */
export const cacheReplay: Check = {
  id: "cache-replay",
  expectation: "repeat request → x-gateway-cache: HIT, a valid SSE stream of the same text ending in [DONE]; the SDK reads it",
  needs: "gateway",
  async run(ctx, model) {
    const first = await probe(ctx, model);
    if (first.status !== 200) return { status: "fail", observed: describeProbe(first) };
    const original = streamFacts(first.events).text;
    let hit: StreamProbe | null = null;
    for (let i = 0; i < HIT_TRIES && !hit; i++) {
      await new Promise((resolve) => setTimeout(resolve, HIT_INTERVAL_MS));
      const again = await probe(ctx, model);
      if (again.headers.get("x-gateway-cache") === "HIT") hit = again;
    }
    if (!hit)
      return {
        status: "fail",
        observed: `no HIT within ${HIT_TRIES} tries (first: ${first.headers.get("x-gateway-cache") ?? "no x-gateway-cache"})`,
      };
    const facts = streamFacts(hit.events);
    const chunks = hit.events.filter((e) => e.kind === "chunk");
    let sdkText = "";
    for await (const chunk of sdkChunks(ctx, model)) sdkText += chunk.choices[0]?.delta.content ?? "";
    return outcomeOf(
      [
        [hit.headers.get("content-type")?.startsWith("text/event-stream") === true, `content-type ${hit.headers.get("content-type")}`],
        [facts.text === original && original.length > 0, `replayed ${JSON.stringify(facts.text.slice(0, 40))}`],
        [chunks.every((e) => e.kind === "chunk" && e.json?.object === "chat.completion.chunk"), "a chunk is not a chat.completion.chunk"],
        [facts.unparsable === 0 && facts.errors.length === 0, "unparsable or error events"],
        [facts.finishReason !== null, "no finish_reason"],
        [facts.doneCount === 1 && facts.last === "done", "does not end with one [DONE]"],
        [sdkText === original, "the SDK read a different text"],
      ],
      `first ${first.headers.get("x-gateway-cache")}, then HIT: ${chunks.length} chunks, ${facts.text.length} chars, finish ${facts.finishReason}, last ${facts.last}`,
    );
  },
};
