/**
 * How a Gemini stream is framed on the wire: `?alt=sse` gives server-sent events, each one
 * `GenerateContentResponse`; without it the answer is one JSON array written element by element.
 * One framing per response (the array's state: whether it has opened).
 */
export interface StreamFraming {
  /** One response object (its JSON) as bytes of the stream. */
  event(json: string): string;
  /** The stream's last bytes. */
  end(): string;
  /** Bytes that keep a quiet connection open and change nothing for a parser. */
  readonly keepalive: string;
  /** An upstream Gemini stream's own SSE text, as this framing writes it. */
  native(sse: string): string;
}

/** The `data:` payloads of SSE text (one per event; a multi-line payload joined by newlines). */
export function ssePayloads(sse: string): string[] {
  return sse
    .split(/\r?\n\r?\n|\r\r/)
    .map((block) =>
      block
        .split(/\r?\n|\r/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(line.startsWith("data: ") ? 6 : 5))
        .join("\n"),
    )
    .filter((payload) => payload.trim() !== "");
}

/** Server-sent events, as Gemini writes them (`data: {...}` and a blank line). */
export function sseFraming(): StreamFraming {
  return {
    event: (json) => `data: ${json}\r\n\r\n`,
    end: () => "",
    keepalive: ": keepalive\r\n\r\n",
    native: (sse) => sse,
  };
}

/** One JSON array, opened at the first element and closed at the end (`[]` when nothing came). */
export function jsonArrayFraming(): StreamFraming {
  let opened = false;
  const event = (json: string) => {
    const prefix = opened ? ",\r\n" : "[";
    opened = true;
    return `${prefix}${json}`;
  };
  return {
    event,
    end: () => (opened ? "]" : "[]"),
    // Whitespace between array elements (or before the array) is valid JSON.
    keepalive: "\n",
    native: (sse) => ssePayloads(sse).map(event).join(""),
  };
}
