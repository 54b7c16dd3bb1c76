import { app } from "./app.ts";

/** The gateway Worker. Durable Object classes are exported here as they are added. */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
