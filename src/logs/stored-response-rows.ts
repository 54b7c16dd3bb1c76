import { LOG_BLOB_MAX_CHARS } from "../platform-limits.ts";

/** A stored response as read from its request's object: `settled` tells "not stored" apart from "not written yet". */
export interface StoredResponseRead {
  json: string | null;
  settled: boolean;
}

/**
 * The Responses API's stored response, one row beside the request's record: `{tenant, response,
 * inputItems, context}` as JSON. One row, so a response and the conversation it continues must fit
 * SQLite's 2 MB row; a larger one is not stored (its retrieval is a 404), never cut.
 */
export function writeStoredResponse(sql: SqlStorage, json: string): number {
  sql.exec("CREATE TABLE IF NOT EXISTS stored_response (k INTEGER PRIMARY KEY CHECK (k = 1), json TEXT)");
  if (json.length > LOG_BLOB_MAX_CHARS) {
    console.error(`stored response not kept: ${json.length} characters exceeds ${LOG_BLOB_MAX_CHARS}`);
    // The empty row still marks the request as settled, so a retrieval answers 404 at once.
    return sql.exec("INSERT OR REPLACE INTO stored_response (k, json) VALUES (1, NULL)").rowsWritten;
  }
  return sql.exec("INSERT OR REPLACE INTO stored_response (k, json) VALUES (1, ?)", json).rowsWritten;
}

function tables(sql: SqlStorage): Set<string> {
  return new Set(
    sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((t) => t.name),
  );
}

export function readStoredResponse(sql: SqlStorage): StoredResponseRead {
  const present = tables(sql);
  const settled = present.has("part") || present.has("record") || present.has("stored_response");
  if (!present.has("stored_response")) return { json: null, settled };
  const row = sql.exec<{ json: string | null }>("SELECT json FROM stored_response WHERE k = 1").toArray()[0];
  return { json: row?.json ?? null, settled };
}

export function deleteStoredResponse(sql: SqlStorage): boolean {
  if (!tables(sql).has("stored_response")) return false;
  const row = sql.exec<{ json: string | null }>("SELECT json FROM stored_response WHERE k = 1").toArray()[0];
  if (!row?.json) return false;
  // The row stays, emptied: the request stays settled, so the id answers 404 at once from now on.
  sql.exec("UPDATE stored_response SET json = NULL WHERE k = 1");
  return true;
}
