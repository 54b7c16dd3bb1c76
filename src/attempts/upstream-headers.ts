/** Response headers worth keeping in an attempt's record: the provider's request id, rate limits, retry hints, timing. */
const EXACT = new Set([
  "content-type",
  "retry-after",
  "retry-after-ms",
  "x-request-id",
  "request-id",
  "openai-processing-ms",
  "x-envoy-upstream-service-time",
  "cf-ray",
]);
const PREFIXES = ["x-ratelimit-", "anthropic-ratelimit-"];
/** Bounds what one attempt can add to a record. */
const MAX_HEADERS = 24;

/**
 * The headers of interest from an upstream response, by allow-list (so no cookie or credential can
 * enter a record). The provider's request id is what its support asks for.
 */
export function headersOfInterest(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  let count = 0;
  headers.forEach((value, name) => {
    if (count >= MAX_HEADERS) return;
    if (EXACT.has(name) || PREFIXES.some((prefix) => name.startsWith(prefix))) {
      kept[name] = value.slice(0, 256);
      count++;
    }
  });
  return kept;
}
