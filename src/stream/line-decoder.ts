import { UpstreamTooLargeError } from "./upstream-too-large.ts";

/**
 * Incremental line splitter: LF, CRLF or lone CR (the SSE spec accepts all three),
 * including a CRLF whose CR and LF arrive in different chunks. A line longer than `maxChars`
 * throws `UpstreamTooLargeError` as soon as it is seen, so an unterminated line is never read to its end.
 */
export class LineDecoder {
  private buffer = "";
  private pendingCR = false;
  private readonly maxChars: number;

  constructor(maxChars: number = Number.POSITIVE_INFINITY) {
    this.maxChars = maxChars;
  }

  /** Nothing buffered: the next text starts a new line. */
  get idle(): boolean {
    return this.buffer === "" && !this.pendingCR;
  }

  /** The complete lines in `text` (with what was buffered before). */
  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    if (this.pendingCR && text.startsWith("\n")) start = 1;
    this.pendingCR = false;
    for (let i = start; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.checkLength(this.buffer.length + i - start);
      lines.push(this.buffer + text.slice(start, i));
      this.buffer = "";
      if (ch === 13) {
        if (i + 1 === text.length) this.pendingCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.checkLength(this.buffer.length + text.length - start);
    this.buffer += text.slice(start);
    return lines;
  }

  private checkLength(chars: number): void {
    if (chars > this.maxChars) throw new UpstreamTooLargeError("an SSE line", this.maxChars, "characters");
  }

  /** The last unterminated line, if any. */
  flush(): string[] {
    const rest = this.buffer;
    this.buffer = "";
    return rest ? [rest] : [];
  }
}
