import type { Target } from "../config/schemas.ts";
import type { NativeRequests } from "../providers/native-request.ts";
import type { ProviderAdapter } from "../providers/provider-adapter.ts";
import type { UpstreamAbort } from "../stream/upstream-abort.ts";
import type { ResolvedRoute } from "../workflow/resolve-route.ts";
import type { AttemptEvent } from "./attempt-events.ts";
import type { AttemptFailure } from "./attempt-failure.ts";
import type { AttemptRunner } from "./attempt-outcome.ts";
import type { AttemptRecord } from "./attempt-record.ts";
import type { RequestScope, ScopeStop } from "./request-scope.ts";

/** What the attempt loop is given and what it returns: apart from the loop, so its helpers (one target, a hedged race) read them without importing the loop. */
export interface AttemptLoopInput<S> {
  requestId: string;
  route: ResolvedRoute;
  /** The client's body; each attempt sends it with `model` set to the target's model. */
  body: Record<string, unknown>;
  stream: boolean;
  receivedAt: number;
  scope: RequestScope;
  /** The adapter of the tenant's provider `name` and its type, or null when it has none (any more). */
  loadAdapter: (name: string) => Promise<LoadedProvider | null>;
  run: AttemptRunner<S>;
  /** Told each attempt's start and end, with its decision. */
  emit: (event: AttemptEvent) => void;
  /** Upstream text (reasons, error bodies, headers) with the request's secrets removed. */
  redact: (text: string) => string;
  /** Indexes of `route.targets` the circuit breaker passes over: each is recorded as a skip, not contacted. */
  skip?: ReadonlySet<number>;
  /** Indexes of `route.targets` the request probes for the breaker (half-open): not retried while a later target can serve. */
  probe?: ReadonlySet<number>;
  /** Fields the client sent that its door already left out (e.g. a Messages request's `thinking`): named on every attempt. */
  droppedParams?: string[];
  /** A parameter no translation can carry: every attempt that would translate is refused naming it; a native one proceeds. */
  untranslatable?: { param: string; message: string } | null;
  /** The client's own request by its API: sent as is (with the target's model) to a target whose adapter speaks that API, untranslated. */
  native?: NativeRequests;
}

/** A tenant's provider, ready to call. */
export interface LoadedProvider {
  adapter: ProviderAdapter;
  type: string;
}

/** How the loop ended. */
export type AttemptLoopResult<S> =
  /** `native`: the target was sent the client's own request (its answer is in the client's API already). */
  | {
      kind: "committed";
      target: Target;
      providerType: string | null;
      native: boolean;
      success: S;
      abort: UpstreamAbort;
      attempts: AttemptRecord[];
    }
  /** The request itself was refused upstream (400/413/422): returned as is, no failover. */
  | { kind: "failed_closed"; failure: AttemptFailure; attempts: AttemptRecord[] }
  | { kind: "exhausted"; attempts: AttemptRecord[] }
  | { kind: ScopeStop; attempts: AttemptRecord[] };
