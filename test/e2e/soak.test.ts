import { describe, expect, it } from "vitest";
import { replyPieces } from "../../src/providers/faux/reply.ts";
import { parseFauxModel } from "../../src/providers/faux/scenario.ts";
import { recordsOf, useTenant } from "./harness.ts";

const t = useTenant();
const STREAMS = 110;
/** 600 ms before the first content, then 24 words 40 ms apart: aborts land before and after the first byte. */
const MODEL = "words-24+slow-40+delay-600";
const FULL_TEXT = replyPieces(parseFauxModel(MODEL) ?? (null as never), "").join("");

/** A small seeded generator: the same abort points on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

interface ClientResult {
  id: string;
  aborted: boolean;
  text: string;
  done: boolean;
}

/** One streamed request read with the official SDK; `abortAfterMs` (if any) leaves at that moment, wherever the stream is. */
async function streamOnce(workflow: string, id: string, abortAfterMs: number | null): Promise<ClientResult> {
  const controller = new AbortController();
  const timer = abortAfterMs === null ? null : setTimeout(() => controller.abort(), abortAfterMs);
  const result: ClientResult = { id, aborted: abortAfterMs !== null, text: "", done: false };
  try {
    const stream = await t
      .client()
      .chat.completions.create(
        { model: workflow, stream: true, messages: [{ role: "user", content: "soak" }] },
        { signal: controller.signal, headers: { "x-client-request-id": id }, timeout: 60_000 },
      );
    for await (const chunk of stream) result.text += chunk.choices[0]?.delta.content ?? "";
    result.done = true;
  } catch {
    // an abort (the SDK's APIUserAbortError) or a connection closed under it
  } finally {
    if (timer) clearTimeout(timer);
  }
  return result;
}

describe("soak: 110 concurrent slow streams, a fifth aborting at random points", () => {
  it("no stitched answer, one record per request, aborts recorded as delivered, and the gateway answers afterwards", {
    timeout: 110_000,
  }, async () => {
    const workflow = await t.workflow("soak", MODEL, undefined, {
      timeouts: { firstEventMs: 20_000, idleMs: 20_000, totalMs: 60_000, keepaliveMs: 5_000 },
    });
    const random = seeded(7);
    const results = await Promise.all(
      Array.from({ length: STREAMS }, (_, i) => {
        // Every fifth client leaves somewhere between before its first byte and the end of its answer
        // (not before its request has reached the gateway: a request never received has no record).
        const abortAfterMs = i % 5 === 0 ? 300 + Math.floor(random() * 1_600) : null;
        return streamOnce(workflow, `soak-${i}`, abortAfterMs);
      }),
    );

    for (const result of results) {
      // Never a stitched or altered answer: whatever a client saw is a prefix of the one true answer.
      expect(FULL_TEXT.startsWith(result.text)).toBe(true);
      if (!result.aborted) expect(result).toMatchObject({ done: true, text: FULL_TEXT });
    }

    const records = await recordsOf(t.tenant, workflow, STREAMS, 30_000);
    const byClient = new Map(records.map((record) => [record.clientRequestId, record]));
    expect(records).toHaveLength(STREAMS);
    expect(byClient.size).toBe(STREAMS);
    for (const result of results) {
      const record = byClient.get(result.id);
      expect(FULL_TEXT.startsWith(record.output?.text ?? "")).toBe(true);
      // A client whose abort came after its answer ended is an ordinary completion.
      if (!result.aborted || record.outcome === "completed") {
        expect(result.text).toBe(FULL_TEXT);
        expect(record).toMatchObject({ outcome: "completed", partialOutput: false });
        continue;
      }
      expect(record).toMatchObject({ outcome: "client_aborted", disconnect: "client" });
      // What the record calls delivered is at least what the client got, and never more than the upstream sent.
      expect((record.output?.text ?? "").startsWith(result.text)).toBe(true);
      expect(record.partialOutput).toBe((record.output?.text ?? "").length > 0);
      expect(record.usage).toMatchObject({ estimated: true });
    }

    const after = await streamOnce(workflow, "soak-after", null);
    expect(after).toMatchObject({ done: true, text: FULL_TEXT });
  });
});
