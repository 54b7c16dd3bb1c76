/**
 * Incremental line splitter: LF, CRLF or lone CR (the SSE spec accepts all three),
 * including a CRLF whose CR and LF arrive in different chunks.
 */
export class LineDecoder {
  private buffer = "";
  private pendingCR = false;

  /** The complete lines in `text` (with what was buffered before). */
  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    if (this.pendingCR && text.startsWith("\n")) start = 1;
    this.pendingCR = false;
    for (let i = start; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      lines.push(this.buffer + text.slice(start, i));
      this.buffer = "";
      if (ch === 13) {
        if (i + 1 === text.length) this.pendingCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer += text.slice(start);
    return lines;
  }

  /** The last unterminated line, if any. */
  flush(): string[] {
    const rest = this.buffer;
    this.buffer = "";
    return rest ? [rest] : [];
  }
}
