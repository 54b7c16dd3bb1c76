/**
 * The upstream's own message from its refusal body (OpenAI's, Anthropic's or Google's shape: each
 * has `error.message`), else the gateway's reason.
 */
export function refusalMessage(body: string | null | undefined, reason: string): string {
  try {
    const message = (JSON.parse(body ?? "") as { error?: { message?: unknown } })?.error?.message;
    if (typeof message === "string" && message) return message;
  } catch {
    // not JSON
  }
  return `The provider refused the request: ${reason}`;
}
