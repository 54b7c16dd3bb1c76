import type { AdminVariables } from "./auth/admin-auth.ts";
import type { GatewayKeyVariables } from "./auth/gateway-key-auth.ts";
import type { JournalVariables } from "./journal/journal-request.ts";
import type { RequestContextVariables } from "./middleware/request-context.ts";

/**
 * Hono's typing of bindings and per-request variables, composed from what each middleware sets.
 * The data plane has a journal and a key; the admin API has a scope.
 */
export interface AppEnv {
  Bindings: Env;
  Variables: RequestContextVariables & Partial<JournalVariables> & GatewayKeyVariables & AdminVariables;
}

/** What a data-plane route sees: every data-plane middleware has run. */
export interface DataPlaneEnv {
  Bindings: Env;
  Variables: RequestContextVariables & JournalVariables & GatewayKeyVariables;
}
