import type { AttemptRecord } from "../attempts/attempt-record.ts";
import type { RequestCache } from "../cache/response-cache.ts";
import type { Target } from "../config/schemas.ts";
import { HEADER } from "../http/headers.ts";

/** Headers naming the target that served (absent when none did), the attempts made (skipped targets are not attempts) and the cache status. */
export function gatewayHeaders(attempts: AttemptRecord[], target: Target | null, cache: RequestCache | null): Record<string, string> {
  const headers: Record<string, string> = { [HEADER.attempts]: String(attempts.filter((a) => a.decision !== "skip").length) };
  if (target) {
    headers[HEADER.provider] = target.provider;
    headers[HEADER.model] = target.model;
  }
  if (cache) headers[HEADER.cache] = cache.status;
  const dropped = attempts.at(-1)?.droppedParams ?? [];
  if (target && dropped.length > 0) headers[HEADER.droppedParams] = dropped.join(", ");
  return headers;
}
