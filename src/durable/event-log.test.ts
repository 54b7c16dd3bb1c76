import { describe, expect, it } from "vitest";
import { EVENT_PACK_CHARS, EventLog } from "./event-log.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("EventLog", () => {
  it("numbers events from 0 across chunk boundaries and keeps keepalives out of the numbering", async () => {
    const log = new EventLog(null);
    await log.append(bytes("data: a\n\n: keepalive\n\ndata: b"));
    await log.append(bytes("\n\nevent: x\ndata: c\n\n"));
    await log.end();
    expect(log.frames).toEqual(["id: 0\ndata: a\n\n", "id: 1\ndata: b\n\n", "id: 2\nevent: x\ndata: c\n\n"]);
    expect(await readAll(log.reader(0))).toBe("id: 1\ndata: b\n\nid: 2\nevent: x\ndata: c\n\n");
    expect(await readAll(log.reader(-1))).toBe(log.frames.join(""));
    expect(await readAll(log.reader(2))).toBe("");
  });

  it("a reader that joined early follows live events until the end", async () => {
    const log = new EventLog(null);
    await log.append(bytes("data: 1\n\n"));
    const text = readAll(log.reader(-1));
    await log.append(bytes("data: 2\n\n"));
    await log.append(bytes(": keepalive\n\n"));
    await log.append(bytes("data: [DONE]\n\n"));
    await log.end();
    const read = await text;
    expect(read.replace(": keepalive\n\n", "")).toBe("id: 0\ndata: 1\n\nid: 1\ndata: 2\n\nid: 2\ndata: [DONE]\n\n");
  });

  it("stores events in packs as they fill and at the end, so a restored log replays them", async () => {
    const packs: Array<[number, string[]]> = [];
    const log = new EventLog({ writePack: async (index, frames) => void packs.push([index, frames]) });
    const big = "x".repeat(EVENT_PACK_CHARS / 4);
    for (let i = 0; i < 6; i++) await log.append(bytes(`data: ${big}\n\n`));
    expect(packs.length).toBe(1);
    await log.end();
    expect(packs.map(([index]) => index)).toEqual([0, 1]);
    const restored = new EventLog(null, { frames: packs.flatMap(([, frames]) => frames), packs: 2, ended: true });
    expect(await readAll(restored.reader(-1))).toBe(log.frames.join(""));
  });
});
