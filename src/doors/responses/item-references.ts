import type { GatewayError } from "../../http/gateway-error.ts";
import type { StoredResponse } from "../../logs/log-record.ts";
import type { InputItem } from "./responses-request.ts";
import { idNotFound } from "./stored-responses.ts";

/** The response an item id names: the gateway's item ids are `<kind>_<request id suffix>_<position>`. */
function responseIdOfItem(itemId: string): string | null {
  const match = /^[a-z]+_([0-9a-z]{26})_(?:in)?\d+$/.exec(itemId);
  return match ? `resp_${match[1]}` : null;
}

function itemNotFound(id: string, param: string): GatewayError {
  return idNotFound("Item", id, param);
}

/**
 * `{type: "item_reference", id}` items replaced by the stored items they name (the Vercel AI SDK
 * sends earlier assistant turns this way while `store` is on). Each referenced response is read
 * once; an id the tenant has no stored item for is a 404 naming it.
 */
export async function resolveItemReferences(
  items: InputItem[],
  load: (responseId: string) => Promise<StoredResponse | null>,
): Promise<InputItem[]> {
  if (!items.some((item) => item.type === "item_reference")) return items;
  const loaded = new Map<string, Promise<StoredResponse | null>>();
  return Promise.all(
    items.map(async (item, i) => {
      if (item.type !== "item_reference") return item;
      const id = typeof item.id === "string" ? item.id : "";
      const responseId = responseIdOfItem(id);
      if (!responseId) throw itemNotFound(id, `input[${i}].id`);
      if (!loaded.has(responseId)) loaded.set(responseId, load(responseId));
      const stored = await loaded.get(responseId);
      const output = (stored?.response.output ?? []) as InputItem[];
      const found = [...output, ...(stored?.inputItems ?? [])].find((candidate) => candidate.id === id);
      if (!found) throw itemNotFound(id, `input[${i}].id`);
      return found as InputItem;
    }),
  );
}
