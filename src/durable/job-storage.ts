import type { DurableJob } from "./durable-job.ts";
import { EventLog } from "./event-log.ts";

/** Names of a durable generation's values in the request's object (docs/storage.md). */
export const JOB = "job";
export const CALL = "job:call";
export const OUTCOME = "outcome";
export const packName = (index: number) => `events:${index}`;

/**
 * Largest request body kept for a restart, and largest whole answer kept for replays: storage
 * values are capped at 2 MB, and a string with any non-Latin-1 character is stored as UTF-16.
 */
export const STORED_VALUE_MAX_CHARS = 900_000;

/** A whole (non-stream) answer, kept to answer attached and later duplicates (`body` null: too large to keep). */
export interface StoredOutcome {
  status: number;
  headers: Array<[string, string]>;
  body: string | null;
}

/** A stream's stored events, from their packs, as an ended log; null when the generation answered no stream. */
export async function storedLog(storage: DurableObjectStorage, job: DurableJob): Promise<EventLog | null> {
  if (!job.head?.stream) return null;
  const names = Array.from({ length: job.packs }, (_, i) => packName(i));
  const packs = names.length > 0 ? await storage.get<string[]>(names) : new Map<string, string[]>();
  const frames = names.flatMap((name) => packs.get(name) ?? []);
  return new EventLog(null, { frames, packs: job.packs, ended: true });
}
