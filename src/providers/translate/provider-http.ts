import { UPSTREAM_BODY_MAX_BYTES } from "../../platform-limits.ts";
import { readTextUpTo } from "../../stream/read-text-up-to.ts";

/** What HTTP provider adapters are built from. */
export interface HttpProviderOptions {
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** The transport: the platform's fetch, or an in-process server (the faux provider, tests). */
  fetcher?: (request: Request) => Promise<Response>;
}

/** The platform's fetch unless the options bring their own. */
export function fetcherOf(options: HttpProviderOptions): (request: Request) => Promise<Response> {
  return options.fetcher ?? ((request: Request) => fetch(request));
}

/** A provider's model names from its list endpoint; none when it refuses (listing is best effort). */
export async function fetchModelIds(
  fetcher: (request: Request) => Promise<Response>,
  url: string,
  headers: Headers,
  signal: AbortSignal,
  ids: (json: any) => unknown[] = (json) => (json?.data ?? []).map((model: { id?: unknown }) => model.id),
): Promise<string[]> {
  const res = await fetcher(new Request(url, { headers, signal }));
  if (!res.ok) {
    res.body?.cancel().catch(() => {});
    return [];
  }
  // Bounded like every upstream body; a list too large to read, or not JSON, lists nothing.
  const { text, overflowed } = await readTextUpTo(res.body, UPSTREAM_BODY_MAX_BYTES);
  if (overflowed) return [];
  const listed = ids(JSON.parse(text));
  return Array.isArray(listed) ? listed.filter((id): id is string => typeof id === "string") : [];
}
