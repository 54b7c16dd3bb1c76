import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { parseChatRequest } from "../chat/chat-request.ts";
import { openAIDoor } from "../doors/openai/openai-door.ts";
import { runChat } from "./run-chat.ts";

/** `POST /v1/chat/completions`: OpenAI's door onto the shared chat path. */
export async function chatCompletions(c: Context<DataPlaneEnv>): Promise<Response> {
  const request = parseChatRequest(await c.req.text());
  return runChat(c, request, openAIDoor(request));
}
