import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import type { AttemptLoopResult } from "../attempts/attempt-loop-types.ts";
import { loopFailureError } from "../attempts/loop-failure.ts";
import type { RequestScope } from "../attempts/request-scope.ts";
import { lookupCache, type RequestCache } from "../cache/response-cache.ts";
import type { Door } from "../doors/door.ts";
import { failedWith } from "../journal/request-event.ts";
import type { RequestJournal } from "../journal/request-journal.ts";
import type { ResolvedRoute } from "../workflow/resolve-route.ts";
import { gatewayHeaders } from "./gateway-headers.ts";

/**
 * The steps every answering door shares (chat, and answer-only doors such as embeddings): the
 * cache consulted and told to the journal, and the answer when no target committed.
 */

/** Looks the request up in its workflow's cache; the decision (and a hit) go to the journal. */
export async function consultCache(
  c: Context<DataPlaneEnv>,
  route: ResolvedRoute,
  request: Record<string, unknown>,
): Promise<RequestCache | null> {
  const key = c.get("key");
  const journal = c.get("journal");
  const cache = await lookupCache(c.env.CACHE, key.tenant, route, request, c.req.header("cache-control"));
  if (cache) {
    const slot = cache.policy.write ? { key: cache.key, ttlSeconds: cache.ttlSeconds } : null;
    journal.emit({ type: "cache_decided", status: cache.status, slot });
  }
  if (cache?.hit) {
    const { completion, servedBy, providerType } = cache.hit;
    journal.emit({ type: "cache_hit", completion, servedBy, providerType: providerType ?? null });
  }
  return cache;
}

/** The answer when no target committed: the upstream's own refusal, or the gateway's error, in the door's shape. */
export function failureAnswer(
  result: Exclude<AttemptLoopResult<unknown>, { kind: "committed" }>,
  scope: RequestScope,
  journal: RequestJournal,
  cache: RequestCache | null,
  door: Pick<Door, "refusal" | "error">,
): Response {
  scope.dispose();
  const headers = gatewayHeaders(result.attempts, null, cache);
  if (result.kind === "failed_closed") {
    const response = door.refusal(result.failure, headers);
    journal.emit({
      type: "failed",
      error: { status: response.status, type: "invalid_request_error", code: "upstream_rejected_request", message: result.failure.reason },
    });
    return response;
  }
  const error = loopFailureError(result);
  journal.emit(failedWith(error));
  return door.error(error, headers);
}
