import { UPSTREAM_ERROR_BODY_MAX_BYTES } from "../limits.ts";

/** Reads at most `UPSTREAM_ERROR_BODY_MAX_BYTES` of an error body, then closes the connection. */
export async function readErrorBody(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    while (bytes < UPSTREAM_ERROR_BODY_MAX_BYTES) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return text.slice(0, UPSTREAM_ERROR_BODY_MAX_BYTES);
}
