import type { ChatRequest } from "../../chat/chat-request.ts";
import { invalidRequest } from "../../http/gateway-error.ts";
import type { ResponsesRequest } from "./responses-request.ts";

type ChatTool = NonNullable<ChatRequest["tools"]>[number];
type ResponsesTool = NonNullable<ResponsesRequest["tools"]>[number];

/** What a workflow does with a hosted tool when the request is translated (README "Responses fields"). */
export type HostedToolRule = "drop" | "refuse";

/** Tools that run on OpenAI's servers: a chat target has nothing to run them with. */
export const HOSTED_TOOL_TYPES = new Set([
  "web_search",
  "web_search_preview",
  "web_search_preview_2025_03_11",
  "file_search",
  "code_interpreter",
  "image_generation",
  "computer_use",
  "computer_use_preview",
  "mcp",
]);

/** A parameter a translated target cannot honour: each such attempt is refused (a native target still takes the request). */
export interface TranslationRefusal {
  param: string;
  message: string;
}

export interface TranslatedTools {
  tools: ChatTool[];
  dropped: string[];
  refused: TranslationRefusal | null;
}

/** One string argument: how a freeform (`custom`) tool's text input travels as a function call. */
const INPUT_PARAMETERS = { type: "object", properties: { input: { type: "string" } }, required: ["input"], additionalProperties: false };

/** Client-run built-in tool types and the function each becomes (its arguments are the call's `action`). */
const CLIENT_TOOL_FUNCTIONS: Record<string, { description: string; parameters: Record<string, unknown> }> = {
  local_shell: {
    description: "Runs a command on the user's machine.",
    parameters: { type: "object", properties: { command: { type: "array", items: { type: "string" } } }, required: ["command"] },
  },
  apply_patch: { description: "Applies a patch to the user's files.", parameters: INPUT_PARAMETERS },
};

function functionTool(tool: ResponsesTool, at: string): ChatTool {
  if (!tool.name) throw invalidRequest(`Invalid request: ${at}.name is required`, `${at}.name`, "invalid_value");
  const parameters = tool.type === "custom" ? INPUT_PARAMETERS : tool.parameters;
  const fn = {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    ...(parameters ? { parameters } : {}),
    ...(typeof tool.strict === "boolean" ? { strict: tool.strict } : {}),
  };
  return { type: "function", function: fn };
}

/**
 * Responses tools as chat tools. Function tools map one to one; a `namespace` group is flattened
 * into its tools; a freeform `custom` tool becomes a function of one string, `input`; client-run
 * built-ins (`local_shell`, `apply_patch`) become functions of their own name. A hosted tool is
 * dropped (named in `dropped`) or refused (`refused`: each translated attempt is), as the workflow
 * says: dropped, the model answers without it, as it would had the client not offered it. Any
 * other type is a 400 naming it.
 */
export function chatTools(tools: ResponsesTool[], hosted: HostedToolRule, at = "tools"): TranslatedTools {
  const out: ChatTool[] = [];
  const dropped: string[] = [];
  let refused: TranslationRefusal | null = null;
  tools.forEach((tool, i) => {
    const here = `${at}[${i}]`;
    if (tool.type === "function" || tool.type === "custom") out.push(functionTool(tool, here));
    else if (tool.type === "namespace" && Array.isArray(tool.tools)) {
      const inner = chatTools(tool.tools as ResponsesTool[], hosted, `${here}.tools`);
      out.push(...inner.tools);
      dropped.push(...inner.dropped);
      refused ??= inner.refused;
    } else if (CLIENT_TOOL_FUNCTIONS[tool.type])
      out.push({ type: "function", function: { name: tool.type, ...CLIENT_TOOL_FUNCTIONS[tool.type] } });
    else if (HOSTED_TOOL_TYPES.has(tool.type) && hosted === "drop") dropped.push(`tools.${tool.type}`);
    else if (HOSTED_TOOL_TYPES.has(tool.type))
      refused ??= {
        param: `${here}.type`,
        message: `the hosted tool '${tool.type}' runs on OpenAI's servers; this workflow refuses it for targets that do not speak the Responses API`,
      };
    else
      throw invalidRequest(
        `Unsupported tool: '${tool.type}' at '${here}': it has no chat-completions equivalent.`,
        `${here}.type`,
        "unsupported_parameter",
      );
  });
  return { tools: out, dropped, refused };
}

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
