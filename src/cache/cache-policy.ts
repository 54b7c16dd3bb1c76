/** What this request may do with the cache, and the `x-gateway-cache` status if it misses. */
export interface CachePolicy {
  read: boolean;
  write: boolean;
  /** `MISS` when the cache was read and had nothing; `BYPASS` when the client skipped the read. */
  missStatus: "MISS" | "BYPASS";
}

/**
 * The client's `cache-control`: `no-store` skips read and write, `no-cache` skips the read
 * (a fresh answer still refreshes the entry).
 */
export function cachePolicy(cacheControl: string | undefined): CachePolicy {
  const directives = new Set(
    (cacheControl ?? "")
      .toLowerCase()
      .split(",")
      .map((d) => d.trim()),
  );
  if (directives.has("no-store")) return { read: false, write: false, missStatus: "BYPASS" };
  if (directives.has("no-cache")) return { read: false, write: true, missStatus: "BYPASS" };
  return { read: true, write: true, missStatus: "MISS" };
}
