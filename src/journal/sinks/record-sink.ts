import { indexShardFor } from "../../logs/index-shards.ts";
import { summarize } from "../../logs/log-record.ts";
import type { SettleSink } from "./settle-sink.ts";

/**
 * The record, in the request's own object, and its entry in the tenant's index (`LOG_REQUESTS`
 * off: neither). A stored response lives in the request's object, written with the record in one
 * call, and is kept even when logging is off: the client asked for it.
 */
export const recordSink: SettleSink = {
  name: "record",
  observe: ({ env, state, secrets, write }) => {
    const storedResponseJson =
      state.storedResponse && state.tenant ? secrets.redact(JSON.stringify({ tenant: state.tenant, ...state.storedResponse })) : null;
    const logging = (env.LOG_REQUESTS as string) !== "false";
    if (!logging && !storedResponseJson) return null;
    return write().then((entry): Promise<unknown> | undefined => {
      const { record } = entry;
      const object = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(record.id));
      if (!logging) return storedResponseJson ? object.storeResponse(storedResponseJson) : undefined;
      const writes: Promise<unknown>[] = [object.write({ ...entry, storedResponseJson })];
      if (record.tenant)
        writes.push(env.LOG_INDEX.get(env.LOG_INDEX.idFromName(indexShardFor(record.tenant, record.id))).add(summarize(record)));
      return Promise.all(writes);
    });
  },
};
