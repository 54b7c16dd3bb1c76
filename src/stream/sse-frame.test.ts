import { describe, expect, it } from "vitest";
import { SseDecoder, type SseMessage } from "./sse-decoder.ts";
import { UpstreamTooLargeError } from "./upstream-too-large.ts";

const encode = (text: string) => new TextEncoder().encode(text);

/** The same bytes one at a time: no chunk can be a whole frame, so this is the full parse's answer. */
function byteByByte(chunks: Uint8Array[]): SseMessage[] {
  const decoder = new SseDecoder();
  const messages: SseMessage[] = [];
  for (const chunk of chunks) for (const byte of chunk) messages.push(...decoder.push(Uint8Array.of(byte)));
  return [...messages, ...decoder.end()];
}

function whole(chunks: Uint8Array[]): SseMessage[] {
  const decoder = new SseDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

describe("SseDecoder's whole frames", () => {
  it("hands out a chunk that is exactly one ASCII data event as its frame, the bytes themselves", () => {
    const bytes = encode('data: {"a":1}\n\n');
    const [message, ...rest] = new SseDecoder().push(bytes);
    expect(rest).toEqual([]);
    expect(message).toEqual({ event: null, data: '{"a":1}', id: null, frame: bytes });
    expect(message?.frame).toBe(bytes);
  });

  it("hands out each event of a chunk of several whole events as its own part of the chunk", () => {
    const frames = ['data: {"a":1}\n\n', 'data: {"b":2}\n\n', "data: [DONE]\n\n"];
    const bytes = encode(frames.join(""));
    const messages = new SseDecoder().push(bytes);
    expect(messages.map((m) => m.data)).toEqual(['{"a":1}', '{"b":2}', "[DONE]"]);
    expect(messages.map((m) => new TextDecoder().decode(m.frame))).toEqual(frames);
    expect(messages.every((m) => m.frame?.buffer === bytes.buffer)).toBe(true);
    expect(messages).toEqual(byteByByte([bytes]).map((m, i) => ({ ...m, frame: messages[i]?.frame })));
  });

  it("frames the whole events before a cut or another field, and gives the rest the full parse", () => {
    const cases: Array<[Uint8Array[], boolean[]]> = [
      [
        [encode('data: {"a":1}\n\ndata: {"b"'), encode(':2}\n\ndata: {"c":3}\n\n')],
        [true, false, true],
      ],
      [[encode('data: {"a":1}\n\nevent: error\ndata: {"b":2}\n\n')], [true, false]],
      [
        [encode('data: {"a":1}\n\ndata: {"b":2}\n'), encode('\ndata: {"c":3}\n\n')],
        [true, false, true],
      ],
      [
        [encode("data: 1"), encode('\n\ndata: {"a":1}\n\ndata: 2\n\n')],
        [false, true, true],
      ],
    ];
    for (const [chunks, framed] of cases) {
      const got = whole(chunks);
      const label = chunks.map((chunk) => new TextDecoder().decode(chunk)).join("|");
      expect(
        got.map(({ frame: _frame, ...message }) => message),
        label,
      ).toEqual(byteByByte(chunks));
      expect(
        got.map((message) => message.frame !== undefined),
        label,
      ).toEqual(framed);
      for (const message of got) if (message.frame) expect(new TextDecoder().decode(message.frame)).toBe(`data: ${message.data}\n\n`);
    }
  });

  it("gives the full parse's events, and true frames, wherever two cuts split an ASCII stream", () => {
    const bytes = encode('data: {"a":1}\n\nid: 7\ndata: 2\n\ndata: x\ndata: y\n\nevent: e\ndata: 3\n\ndata: \n\ndata: [DONE]\n\n');
    const expected = byteByByte([bytes]);
    for (let first = 1; first < bytes.length; first++)
      for (let second = first; second < bytes.length; second++) {
        const chunks = [bytes.subarray(0, first), bytes.subarray(first, second), bytes.subarray(second)];
        const got = whole(chunks);
        expect(
          got.map(({ frame: _frame, ...message }) => message),
          `cuts at ${first}, ${second}`,
        ).toEqual(expected);
        for (const message of got) if (message.frame) expect(new TextDecoder().decode(message.frame)).toBe(`data: ${message.data}\n\n`);
      }
  });

  it("keeps the last event id on a frame", () => {
    const decoder = new SseDecoder();
    expect(decoder.push(encode("id: 7\ndata: 1\n\n"))[0]).toEqual({ event: null, data: "1", id: "7" });
    expect(decoder.push(encode("data: 2\n\n"))[0]).toMatchObject({ data: "2", id: "7", frame: expect.any(Uint8Array) });
  });

  it("gives no frame, and the full parse's events, for any chunk that is not exactly `data: <data>\\n\\n` in ASCII", () => {
    const cases: Uint8Array[][] = [
      [encode('data: {"a":"é"}\n\n')],
      [Uint8Array.of(...encode('data: {"a":"'), 0xff, ...encode('"}\n\n'))],
      [encode('data: {"a":1}\r\n\r\n')],
      [encode('data: {"a":1}\r\r')],
      [encode('data:{"a":1}\n\n')],
      [encode('event: error\ndata: {"a":1}\n\n')],
      [encode("event: error\n"), encode('data: {"a":1}\n\n')],
      [encode('data: {"a":\ndata: 1}\n\n')],
      [encode('data: {"a":1}\n')],
      [encode('data: {"a"'), encode(":1}\n\n")],
      [encode("data: 1"), encode('data: {"a":1}\n\n')],
      [Uint8Array.of(0xc3), encode('data: {"a":1}\n\n')],
      [encode("data: 1\r"), encode("data: 2\n\n")],
    ];
    for (const chunks of cases) {
      const got = whole(chunks);
      const label = chunks.map((chunk) => new TextDecoder().decode(chunk)).join("|");
      expect(got, label).toEqual(byteByByte(chunks));
      expect(
        got.map((message) => message.frame),
        label,
      ).toEqual(got.map(() => undefined));
    }
  });

  it("still refuses an event over the size limit", () => {
    expect(() => new SseDecoder(10).push(encode('data: {"a":123456}\n\n'))).toThrow(UpstreamTooLargeError);
  });
});
