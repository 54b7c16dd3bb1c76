import type { AdminScope } from "./auth/admin-auth.ts";
import type { ConfigStore } from "./config/config-store.ts";
import type { KeyRecord } from "./config/schemas.ts";
import type { RequestLogSink } from "./logs/log-sink.ts";

/** Hono's typing of bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** `Date.now()` when the request arrived; timings are measured from here. */
    receivedAt: number;
    clientRequestId: string | null;
    store: ConfigStore;
    /** The authenticated gateway key (data plane only). */
    key: KeyRecord;
    /** This request's lifecycle log (data plane only). */
    log: RequestLogSink | undefined;
    /** Who is calling the admin API (admin routes only). */
    adminScope: AdminScope;
  };
}
