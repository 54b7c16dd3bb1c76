import type { ChatRequest } from "../../chat/chat-request.ts";
import { invalidRequest } from "../../http/gateway-error.ts";
import type { ResponsesRequest } from "./responses-request.ts";

type ChatTool = NonNullable<ChatRequest["tools"]>[number];
type ResponsesTool = NonNullable<ResponsesRequest["tools"]>[number];

/** What a workflow does with a hosted tool when the request is translated (docs/responses-fields.md). */
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
