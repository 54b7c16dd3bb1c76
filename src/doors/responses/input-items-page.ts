import { invalidRequest } from "../../http/gateway-error.ts";

export interface PageQuery {
  after: string | null;
  limit: number;
  order: "asc" | "desc";
}

/** `?after&limit&order` as OpenAI's list endpoints read them: limit 1–100 (default 20), newest first by default. */
export function pageQuery(query: (name: string) => string | undefined): PageQuery {
  const limitText = query("limit");
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw invalidRequest("Invalid limit: an integer from 1 to 100.", "limit", "invalid_value");
  const order = query("order") ?? "desc";
  if (order !== "asc" && order !== "desc") throw invalidRequest("Invalid order: 'asc' or 'desc'.", "order", "invalid_value");
  return { after: query("after") ?? null, limit, order };
}

/** One page of items in OpenAI's list shape (`data`, `first_id`, `last_id`, `has_more`); `after` is an item id. */
export function pageOf<T extends { id: string }>(items: T[], { after, limit, order }: PageQuery) {
  const ordered = order === "asc" ? items : [...items].reverse();
  const start = after === null ? 0 : ordered.findIndex((item) => item.id === after) + 1;
  // An unknown `after` matches nothing: an empty page, as for a cursor past the end.
  const data = after !== null && start === 0 ? [] : ordered.slice(start, start + limit);
  return {
    object: "list" as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + data.length < ordered.length && data.length > 0,
  };
}
