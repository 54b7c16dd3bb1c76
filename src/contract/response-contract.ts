import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import type { ChatRequest } from "../chat/chat-request.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import type { ContractPolicy } from "../config/schemas.ts";
import { invalidRequest } from "../http/gateway-error.ts";
import { jsonSchemaProblems } from "../json/json-schema-document.ts";

/** Validation errors kept per verdict: enough to see the pattern, bounded for logs and messages. */
const MAX_ERRORS = 10;

/** One place where the output breaks the contract: a JSON pointer into the output, and why. */
export interface ContractError {
  path: string;
  message: string;
}

export type ContractVerdict = { ok: true } | { ok: false; errors: ContractError[] };

/** A workflow's response contract, resolved for one request. */
export interface ResponseContract {
  schema: Record<string, unknown>;
  /** Where the schema came from: the workflow, or the client's `response_format` (when the workflow allows it). */
  source: "workflow" | "client";
  policy: ContractPolicy;
}

/** The JSON Schema a client sent as `response_format: {type: "json_schema", json_schema: {schema}}`, if any. */
function clientSchema(request: ChatRequest): Record<string, unknown> | null {
  const format = request.response_format as { type?: unknown; json_schema?: { schema?: unknown } } | undefined;
  if (format?.type !== "json_schema") return null;
  const schema = format.json_schema?.schema;
  return typeof schema === "object" && schema !== null && !Array.isArray(schema) ? (schema as Record<string, unknown>) : null;
}

/**
 * The contract this request is held to: the workflow's `responseSchema`, or else, when the
 * workflow sets `contract.enforceClientSchema`, the client's own `response_format` schema
 * (400 when that schema is unusable). Null when nothing is enforced.
 */
export function resolveContract(
  route: { responseSchema?: Record<string, unknown> | undefined; contract: ContractPolicy },
  request: ChatRequest,
): ResponseContract | null {
  if (route.responseSchema) return { schema: route.responseSchema, source: "workflow", policy: route.contract };
  if (!route.contract.enforceClientSchema) return null;
  const schema = clientSchema(request);
  if (!schema) return null;
  const problem = jsonSchemaProblems(schema)[0];
  if (problem)
    throw invalidRequest(
      `response_format.json_schema.schema is not a usable JSON Schema: ${problem}`,
      "response_format.json_schema.schema",
      "invalid_schema",
    );
  return { schema, source: "client", policy: route.contract };
}

/** Leaf errors first (a failing property also fails its parent's `properties` keyword), deduplicated. */
function toContractErrors(units: OutputUnit[]): ContractError[] {
  const seen = new Set<string>();
  const errors: ContractError[] = [];
  const leavesFirst = [...units].sort((a, b) => b.instanceLocation.length - a.instanceLocation.length);
  for (const unit of leavesFirst) {
    if (unit.error === "A subschema had errors." || /^Property ".*" does not match schema\.$/.test(unit.error)) continue;
    const path = unit.instanceLocation.replace(/^#/, "") || "/";
    const key = `${path} ${unit.error}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ path, message: unit.error });
  }
  return (errors.length ? errors : [{ path: "/", message: "does not match the schema" }]).slice(0, MAX_ERRORS);
}

/** Validates one output text: it must be JSON, and the JSON must satisfy the schema. */
export function checkOutputText(contract: ResponseContract, text: string): ContractVerdict {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: [{ path: "/", message: "the output is not valid JSON" }] };
  }
  try {
    const result = new Validator(contract.schema as Schema, "2020-12", false).validate(json);
    return result.valid ? { ok: true } : { ok: false, errors: toContractErrors(result.errors) };
  } catch (error) {
    // A schema the validator cannot apply (a remote $ref, say) fails the answer with the reason, not the request with a 500.
    return {
      ok: false,
      errors: [
        { path: "/", message: `the schema could not be applied: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` },
      ],
    };
  }
}

/**
 * Validates every choice of a completion (its `message.content`). A turn that calls tools is not
 * the final answer yet (the app runs the tools and asks again), so it is not held to the contract.
 */
export function checkCompletion(contract: ResponseContract, completion: ChatCompletion): ContractVerdict {
  if (completion.choices.length === 0) return { ok: false, errors: [{ path: "/", message: "the answer has no choices" }] };
  for (const choice of completion.choices) {
    if (choice.finish_reason === "tool_calls") continue;
    const content = choice.message.content;
    const verdict =
      typeof content === "string"
        ? checkOutputText(contract, content)
        : { ok: false as const, errors: [{ path: "/", message: "the answer has no text content" }] };
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}

/** `"/name: must be string; /age: …"`, for attempt reasons and error messages. */
export function describeContractErrors(errors: ContractError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join("; ");
}
