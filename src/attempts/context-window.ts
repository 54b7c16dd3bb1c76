/**
 * Does an upstream refusal say the prompt is too long for this target's context window? The one
 * place that recognizes it, by provider wording: OpenAI's and Azure OpenAI's
 * `context_length_exceeded` code (and OpenAI-compatible servers' "maximum context length"),
 * Anthropic's `prompt is too long`, and Gemini's "input token count … exceeds the maximum number
 * of tokens". Such a refusal is about this target's window, not the request: a larger-context
 * target may serve it.
 */
export function isContextWindowRefusal(status: number, body: string | null): boolean {
  if (status !== 400 && status !== 413) return false;
  if (!body) return false;
  const text = body.toLowerCase();
  return CONTEXT_WINDOW_SIGNS.some((sign) => sign.test(text));
}

/** Provider wordings of a prompt over the context window (matched on the lowercased error body). */
const CONTEXT_WINDOW_SIGNS = [
  /"code"\s*:\s*"context_length_exceeded"/,
  /maximum context length/,
  /prompt is too long/,
  /input token count[^"]*exceeds the maximum number of tokens/,
];
