import type { DurableJob } from "./durable-job.ts";

/** The request's Durable Object, as the Worker reaches it for a durable generation. */
export function requestObject(env: Env, requestId: string) {
  return env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId));
}

/** A job read through RPC: its typing drops tuple and index-signature types, the value is the same. */
export function asJob(value: unknown): DurableJob | null {
  return (value ?? null) as DurableJob | null;
}
