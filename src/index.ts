import { app } from "./app.ts";

export { KeyUsage } from "./limits/key-usage-object.ts";
export { LogIndex } from "./logs/log-index-object.ts";
export { RequestLog } from "./logs/request-log-object.ts";

/** The gateway Worker. */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
