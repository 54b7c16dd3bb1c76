/**
 * Splits text into lines on LF, CRLF or lone CR (the SSE spec accepts all three),
 * including a CRLF whose CR and LF arrive in different chunks.
 */
export class LineDecoderStream extends TransformStream<string, string> {
  constructor() {
    let buffer = "";
    let pendingCR = false;
    super({
      transform(text, controller) {
        let start = 0;
        if (pendingCR && text.startsWith("\n")) start = 1;
        pendingCR = false;
        for (let i = start; i < text.length; i++) {
          const ch = text.charCodeAt(i);
          if (ch !== 10 && ch !== 13) continue;
          controller.enqueue(buffer + text.slice(start, i));
          buffer = "";
          if (ch === 13) {
            if (i + 1 === text.length) pendingCR = true;
            else if (text.charCodeAt(i + 1) === 10) i++;
          }
          start = i + 1;
        }
        buffer += text.slice(start);
      },
      flush(controller) {
        if (buffer) controller.enqueue(buffer);
      },
    });
  }
}
