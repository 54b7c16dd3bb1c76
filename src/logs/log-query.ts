import { z } from "zod";
import type { LogSummary } from "./log-record.ts";

/** `GET …/logs` query: newest first, after `cursor` (a request id), optionally filtered. */
export const logQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^req_[0-9a-z]{26}$/)
    .optional(),
  outcome: z.enum(["completed", "failed_before_output", "failed_after_output", "client_aborted", "rejected"]).optional(),
  workflow: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
});
export type LogQuery = z.infer<typeof logQuery>;

/**
 * Merges the shards' pages (each newest first) into one page. Request ids sort by time,
 * so id order is time order; the cursor is the last id returned.
 */
export function mergePages(pages: LogSummary[][], limit: number): { data: LogSummary[]; nextCursor: string | null } {
  const all = pages.flat().sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const data = all.slice(0, limit);
  const mayHaveMore = all.length > limit || pages.some((page) => page.length === limit);
  return { data, nextCursor: mayHaveMore && data.length > 0 ? (data.at(-1)?.id ?? null) : null };
}
