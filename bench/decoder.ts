/**
 * `npm run bench:decoder`: the SSE decoder alone (`src/stream/sse-decoder.ts`), in Node, on three
 * stream shapes: Anthropic's (`event:` + `data:`), OpenAI's one event per network read, and ten per
 * read. CPU per event, the median of 15 timed blocks; run it at two commits to compare them.
 */
import { SseDecoder } from "../src/stream/sse-decoder.ts";

const encoder = new TextEncoder();
const chunk = (i: number) =>
  `{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"word${i} "},"finish_reason":null}]}`;
const anthropic = (i: number) =>
  `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word${i} "}}\n\n`;
const reads = (events: number, perRead: number, event: (i: number) => string) =>
  Array.from({ length: events / perRead }, (_, r) =>
    encoder.encode(Array.from({ length: perRead }, (_, i) => event(r * perRead + i)).join("")),
  );
const SHAPES: Record<string, Uint8Array[]> = {
  "Anthropic, 1 event per read": reads(1000, 1, anthropic),
  "OpenAI, 1 event per read": reads(1000, 1, (i) => `data: ${chunk(i)}\n\n`),
  "OpenAI, 10 events per read": reads(1000, 10, (i) => `data: ${chunk(i)}\n\n`),
};

const decodeAll = (chunks: Uint8Array[]) => {
  const decoder = new SseDecoder();
  let events = 0;
  for (const bytes of chunks) events += decoder.push(bytes).length;
  return events;
};

for (const [shape, chunks] of Object.entries(SHAPES)) {
  for (let i = 0; i < 200; i++) decodeAll(chunks); // warm-up: optimized code
  const blocks: number[] = [];
  for (let b = 0; b < 15; b++) {
    const before = process.cpuUsage();
    let events = 0;
    for (let i = 0; i < 300; i++) events += decodeAll(chunks);
    const used = process.cpuUsage(before);
    blocks.push((used.user + used.system) / events);
  }
  blocks.sort((a, b) => a - b);
  console.log(`${shape.padEnd(28)} ${(blocks[7] as number).toFixed(3)} µs per event`);
}
