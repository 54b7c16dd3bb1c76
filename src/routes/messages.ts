import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { chatRequestSchema } from "../chat/chat-request.ts";
import { anthropicDoor } from "../doors/anthropic/anthropic-door.ts";
import { messagesRequestSchema } from "../doors/anthropic/messages-schema.ts";
import { messagesToChat } from "../doors/anthropic/messages-to-chat.ts";
import { parseJsonObject, validateWith } from "../http/validate.ts";
import { estimateUsage } from "../pricing/usage.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";
import { runChat } from "./run-chat.ts";

/** A Messages body, validated and translated to chat; `body` is the client's own, as sent. */
async function parseMessages(c: Context<DataPlaneEnv>) {
  const body = parseJsonObject(await c.req.text());
  return { ...messagesToChat(validateWith(messagesRequestSchema, body)), body };
}

/**
 * `POST /v1/messages`: Anthropic's door onto the shared chat path. Targets of type `anthropic` get
 * the client's body as is (only `model` set to the target's) with its `anthropic-beta` header, and
 * their events come back as sent. For other target types the request is translated to chat; what
 * has no counterpart (betas included) is named on each such attempt's `droppedParams`.
 */
export async function messages(c: Context<DataPlaneEnv>): Promise<Response> {
  const { chat, dropped, body } = await parseMessages(c);
  const beta = c.req.header("anthropic-beta");
  if (beta) dropped.push("anthropic-beta");
  const request = validateWith(chatRequestSchema, chat);
  return runChat(c, request, anthropicDoor(dropped, { body, headers: beta ? { "anthropic-beta": beta } : {} }));
}

/**
 * `POST /v1/messages/count_tokens`: an estimate (about four characters per token of the translated
 * messages and tools), since no target type here counts tokens without generating. The model must
 * still name a workflow this key may use.
 */
export async function countTokens(c: Context<DataPlaneEnv>): Promise<Response> {
  const { chat } = await parseMessages(c);
  await resolveRoute(c.get("store"), c.get("key"), String(chat.model));
  const { promptTokens } = estimateUsage({ messages: chat.messages, tools: chat.tools ?? [] }, 0);
  return c.json({ input_tokens: promptTokens });
}
