import type { ResponsesRequest } from "./responses-request.ts";

type ResponsesTool = NonNullable<ResponsesRequest["tools"]>[number];

/*
 * A translated target's tool call, as the client declared the tool: `chat-tools.ts` flattened
 * groups and turned freeform tools into functions on the way out; these undo it on the way back.
 */

/**
 * The `namespace` group a tool name was flattened out of, as the client declared it: a call of
 * that tool goes back to the client with its group named (Codex routes calls by both).
 */
export function namespaceOf(tools: readonly unknown[], name: string): { namespace: string } | Record<string, never> {
  for (const tool of tools as ResponsesTool[]) {
    if (tool.type !== "namespace" || !Array.isArray(tool.tools) || typeof tool.name !== "string") continue;
    if ((tool.tools as ResponsesTool[]).some((inner) => inner.name === name)) return { namespace: tool.name };
  }
  return {};
}

/** Whether the client declared `name` as a freeform (`custom`) tool, at the top level or in a group. */
export function isCustomTool(tools: readonly unknown[], name: string): boolean {
  return (tools as ResponsesTool[]).some(
    (tool) => (tool.type === "custom" && tool.name === name) || (Array.isArray(tool.tools) && isCustomTool(tool.tools, name)),
  );
}

type FunctionCallItem = {
  type: "function_call";
  id: string;
  status: "in_progress" | "completed" | "incomplete";
  call_id: string;
  name: string;
  arguments: string;
};

/** A translated target's function call of a freeform tool, as the client declared it: a `custom_tool_call` whose `input` is the call's `input` argument. */
export function customCallOf(call: FunctionCallItem) {
  let input = call.arguments;
  try {
    const parsed = JSON.parse(call.arguments) as { input?: unknown };
    if (typeof parsed?.input === "string") input = parsed.input;
  } catch {
    // not JSON: the arguments are the input as they came
  }
  return { type: "custom_tool_call" as const, id: call.id, status: call.status, call_id: call.call_id, name: call.name, input };
}
