import { UPSTREAM_ERROR_BODY_MAX_BYTES } from "../platform-limits.ts";
import { readTextUpTo } from "../stream/read-text-up-to.ts";

/** Reads at most `UPSTREAM_ERROR_BODY_MAX_BYTES` of an error body, then closes the connection. */
export async function readErrorBody(response: Response): Promise<string> {
  return (await readTextUpTo(response.body, UPSTREAM_ERROR_BODY_MAX_BYTES)).text;
}
