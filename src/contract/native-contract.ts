import type { ResponseContract } from "./response-contract.ts";
import { isStrictCompatible } from "./strict-compatible.ts";

/**
 * The upstream body with the contract in OpenAI's native form, `response_format: json_schema`
 * (provider adapters translate it further: Anthropic tool forcing, Gemini `responseSchema`).
 * A client's own `response_format` is left as sent, and `native: "off"` sends nothing.
 */
export function withNativeContract(body: Record<string, unknown>, contract: ResponseContract | null): Record<string, unknown> {
  if (!contract || contract.policy.native === "off" || body.response_format !== undefined) return body;
  const strict = contract.policy.native === "strict" || (contract.policy.native === "auto" && isStrictCompatible(contract.schema));
  return { ...body, response_format: { type: "json_schema", json_schema: { name: "response", schema: contract.schema, strict } } };
}
