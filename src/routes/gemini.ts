import type { Context } from "hono";
import type { AppEnv, DataPlaneEnv } from "../app-env.ts";
import { chatRequestSchema } from "../chat/chat-request.ts";
import { geminiDoor } from "../doors/gemini/gemini-door.ts";
import { type GenerateContentRequest, generateContentSchema } from "../doors/gemini/gemini-schema.ts";
import { geminiToChat } from "../doors/gemini/gemini-to-chat.ts";
import { modelAction, modelName } from "../doors/gemini/model-action.ts";
import { jsonArrayFraming, sseFraming } from "../doors/gemini/stream-framing.ts";
import { invalidRequest, modelNotFound } from "../http/gateway-error.ts";
import { parseJsonObject, validateWith } from "../http/validate.ts";
import { estimateUsage } from "../pricing/usage.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";
import { visibleModels } from "./models.ts";
import { runChat } from "./run-chat.ts";

/**
 * `POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent` (`?alt=sse` for
 * server-sent events, else one JSON array) and `:countTokens`: Gemini's door onto the shared chat
 * path. `{model}` names a workflow. Gemini targets get the client's body as is (the target's model
 * in their URL) and their responses come back as sent; other targets get it translated to chat,
 * with what has no counterpart named on each such attempt's `droppedParams`.
 */
export async function geminiModelAction(c: Context<DataPlaneEnv>): Promise<Response> {
  const { model, action } = modelAction(c.req.path);
  const body = parseJsonObject(await c.req.text());
  if (action === "countTokens") return countTokens(c, model, body);
  const stream = action === "streamGenerateContent";
  const { chat, dropped } = geminiToChat(model, stream, validateWith(generateContentSchema, body));
  if ((chat.messages as unknown[]).length === 0)
    throw invalidRequest(
      "contents has no text, image, function call or function response part the gateway can send.",
      "contents",
      "invalid_value",
    );
  const sse = c.req.query("alt") === "sse";
  const door = geminiDoor(dropped, sse ? sseFraming : jsonArrayFraming, { body, headers: {} });
  const response = await runChat(c, validateWith(chatRequestSchema, chat), door);
  // Without `alt=sse` the stream is one JSON array, written as it comes.
  if (stream && !sse && response.ok) response.headers.set("content-type", "application/json; charset=utf-8");
  return response;
}

/**
 * `:countTokens`: an estimate (about four characters per token of the translated messages and
 * tools), since no target type here counts tokens without generating. The model must still name
 * a workflow this key may use. Takes the request itself or wrapped as `generateContentRequest`.
 */
async function countTokens(c: Context<DataPlaneEnv>, model: string, body: Record<string, unknown>): Promise<Response> {
  await resolveRoute(c.get("store"), c.get("key"), model);
  const wrapped = body.generateContentRequest ?? body;
  const { chat } = geminiToChat(model, false, validateWith(generateContentSchema, wrapped) as GenerateContentRequest);
  const { promptTokens } = estimateUsage({ messages: chat.messages, tools: chat.tools ?? [] }, 0);
  return c.json({ totalTokens: promptTokens });
}

/** A workflow or route as a Gemini `Model` resource. */
const geminiModel = (id: string) => ({
  name: `models/${id}`,
  displayName: id,
  supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens"],
});

/** `GET /v1beta/models`: the workflows and direct routes this key may use, in Gemini's list format. */
export async function listGeminiModels(c: Context<AppEnv>): Promise<Response> {
  return c.json({ models: (await visibleModels(c)).map((entry) => geminiModel(entry.id)) });
}

/** `GET /v1beta/models/{model}`. */
export async function getGeminiModel(c: Context<AppEnv>): Promise<Response> {
  const id = modelName(c.req.path).replace(/^models\//, "");
  const entry = (await visibleModels(c)).find((m) => m.id === id);
  if (!entry) throw modelNotFound(id);
  return c.json(geminiModel(entry.id));
}
