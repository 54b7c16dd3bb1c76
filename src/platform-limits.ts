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
/** Largest body or blob stored per SQLite row of a request log (rows are capped at 2 MB). */
export const LOG_BLOB_MAX_CHARS = 1_500_000;
/** Stream events kept per request log, by count and by total bytes; beyond, `chunksTruncated`. */
export const LOG_MAX_CHUNKS = 2_000;
export const LOG_MAX_CHUNK_BYTES = 1_000_000;
/** Largest pack of stream events per SQLite row of a request log, in characters (≤ 3 bytes each: under the 2 MB row cap). */
export const LOG_CHUNK_PACK_CHARS = 640 * 1024;
/** Delivered text kept per request log. */
export const LOG_MAX_OUTPUT_CHARS = 1_000_000;
/** How long settling waits after a request's answer is complete before writing anything (src/journal/after-flush.ts). */
export const SETTLE_GRACE_MS = 10;
/** Longest an answer is held in an isolate while its cache write is pending (src/cache/held-entries.ts): a write that never settles cannot keep serving it. */
export const CACHE_HOLD_MAX_MS = 30_000;
/** Index shards per tenant: each Durable Object takes ~1,000 writes/s, so a tenant's index takes ~8,000/s. */
export const LOG_INDEX_SHARDS = 8;
/** Largest output a response contract validates (streamed or buffered); beyond it the answer violates the contract. */
export const CONTRACT_MAX_OUTPUT_CHARS = 4_000_000;
/** How long `GET /v1/models` waits for a provider's own model list. */
export const MODEL_LIST_TIMEOUT_MS = 2_000;
/** KV: longest key, in bytes; every name that reaches a storage key is bounded well below it. */
export const KV_MAX_KEY_BYTES = 512;
/** Tenant, provider and workflow names (README "Names and identifiers"). */
export const NAME_MAX_CHARS = 64;
/** Gateway key ids (`key_` + random). */
export const KEY_ID_MAX_CHARS = 64;
/** Provider header names and values sent upstream. */
export const HEADER_NAME_MAX_CHARS = 128;
export const HEADER_VALUE_MAX_CHARS = 8_192;
/** Headers per provider. */
export const MAX_PROVIDER_HEADERS = 50;
/** Model names in targets, provider `models` lists and price overrides. */
export const MODEL_NAME_MAX_CHARS = 256;
/**
 * Largest SSE line, and largest SSE event (its `data:` lines together), read from an upstream, in
 * decoded characters. Real chunks are a few hundred bytes; this leaves room for big tool-call or
 * image deltas, while an upstream that never ends its line cannot make the gateway read without bound.
 */
export const SSE_MAX_EVENT_CHARS = 4 * 1024 * 1024;
/** Largest non-streamed upstream body read (a completion, or a model list); beyond it the attempt fails. */
export const UPSTREAM_BODY_MAX_BYTES = 16 * 1024 * 1024;
/**
 * Longest `model` a request may name: a workflow (≤ 64 chars) or `<provider>/<model>` (64 + 1 + 256),
 * as the admin API accepts them, with room to spare; beyond it the request is a 400.
 */
export const REQUEST_MODEL_MAX_CHARS = 512;
/**
 * How long an isolate serves a data-plane config read (key, hostname, workflow, provider) from
 * memory: the staleness bound of a change made elsewhere, on top of KV's own (~60 s across locations).
 * A revoked key stops within this bound everywhere, at once in the isolate that revoked it.
 */
export const CONFIG_FRESH_MS = 5_000;
/**
 * Longest an isolate's copy of a tenant's target health is used before it is read again from the
 * tenant's ProviderHealth object: other isolates' outcomes reach this one's routing within it.
 */
export const HEALTH_FRESH_MS = 2_000;
/** Outcomes an isolate gathers for a tenant before reporting them in one ProviderHealth call. */
export const HEALTH_REPORT_BATCH_MS = 200;
/** Longest a webhook receiver may take to answer one delivery attempt. */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** Delivery attempts a WebhookEndpoint makes per alarm (the rest wait for the next one, right after). */
export const WEBHOOK_ATTEMPTS_PER_ALARM = 25;
/** Of those, attempts in flight at once (a Worker may wait on at most 6 connections for headers). */
export const WEBHOOK_PARALLEL_ATTEMPTS = 4;
/** Deliveries listed by the admin API, newest first. */
export const WEBHOOK_DELIVERIES_LISTED = 100;
/** Characters of a failed attempt's reason kept in its record. */
export const WEBHOOK_ERROR_MAX_CHARS = 200;

/** `response.create` messages a Responses WebSocket may have waiting behind the running turn (more are refused with an error event). */
export const SOCKET_MAX_QUEUED_TURNS = 8;
/** An MCP server's answer (JSON or the SSE stream carrying it) read up to this; longer fails the attempt. */
export const MCP_ANSWER_MAX_BYTES = 8 * 1024 * 1024;
/** MCP servers per tenant: `tools/list` asks each of them (every call is a subrequest). */
export const MCP_MAX_SERVERS = 20;
/** MCP servers listed at once for one list (the platform allows six simultaneous open connections per request). */
export const MCP_LIST_CONCURRENCY = 5;

/** Pages of `tools/list` (and the other lists) followed per server before the list is cut. */
export const MCP_MAX_LIST_PAGES = 10;
/** Deepest nesting of an MCP message (a client's, or a server's answer) the gateway reads. */
export const MCP_MAX_DEPTH = 64;

/** How long an isolate gathers OpenTelemetry exports to one collector into one POST (spans arrive at most this late). */
export const EXPORT_BATCH_WINDOW_MS = 1_000;
/** Requests in one batched export at most: a full batch is sent at once. */
export const EXPORT_BATCH_MAX_REQUESTS = 64;
