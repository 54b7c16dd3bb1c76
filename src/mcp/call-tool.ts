import type { OpenedMcpServer } from "../config/mcp-server-config.ts";
import { recalledAnnotations } from "./annotation-memo.ts";
import type { RpcAnswer, RpcFailure } from "./json-rpc.ts";
import { LISTS, type ListContext, serverList } from "./list-across.ts";
import { toolIsRetryable } from "./retry-decision.ts";
import { callServer } from "./server-attempts.ts";
import { upstreamMessage } from "./upstream-request.ts";

/**
 * Is this tool safe to call twice? The admin's `idempotentTools` first, then its annotations as
 * the last `tools/list` showed them, else as the server lists them now (a recorded call of its own).
 */
async function retryableTool(server: OpenedMcpServer, tool: string, context: ListContext): Promise<boolean> {
  if (server.idempotentTools?.includes(tool)) return true;
  let annotations = recalledAnnotations(context.tenant, server.name, tool);
  if (annotations === undefined) {
    // The list is asked with no params of its own: the call's arguments are not a list's.
    const tools = await serverList(server, LISTS.tools, { ...context, params: undefined });
    annotations = Array.isArray(tools) ? tools.find((t) => t.name === tool)?.annotations : undefined;
  }
  return toolIsRetryable(annotations, tool, server.idempotentTools);
}

/**
 * `tools/call` routed to the server that owns the tool, under its own name. Retried or failed
 * over only when the tool is safe to run twice (`retry-decision.ts`).
 */
export async function callTool(
  server: OpenedMcpServer,
  tool: string,
  params: Record<string, unknown>,
  context: ListContext,
): Promise<{ answer: RpcAnswer } | RpcFailure> {
  const message = upstreamMessage("tools/call", { ...params, name: tool });
  const call = context.callOf(server, message, tool);
  const result = await callServer({ ...call, retryable: () => retryableTool(server, tool, context) });
  return result.ok ? { answer: result.answer } : result.failure;
}
