/** Platform and product limits, named once. */

/** KV: smallest `expirationTtl` accepted, in seconds. */
export const KV_MIN_TTL_SECONDS = 60;
/** KV: largest value, in bytes. */
export const KV_MAX_VALUE_BYTES = 25 * 1024 * 1024;
/** Request bodies larger than this are refused with 413 unless `MAX_BODY_BYTES` says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** How much of an upstream error body we read to learn why it failed. */
export const UPSTREAM_ERROR_BODY_MAX_BYTES = 64 * 1024;
/** Longest reason text kept per attempt in client-facing error messages. */
export const PUBLIC_REASON_MAX_CHARS = 200;
