import type { DurableDoor, DurableDoors } from "../durable/durable-door.ts";
import { errorResponse } from "../http/error-response.ts";
import type { GatewayError } from "../http/gateway-error.ts";
import type { PathFields } from "../journal/refused-body.ts";
import { anthropicErrorResponse } from "./anthropic/anthropic-error.ts";
import { googleErrorResponse } from "./gemini/gemini-error.ts";
import { geminiPathFields } from "./gemini/model-action.ts";
import { mcpErrorResponse } from "./mcp/mcp-error.ts";
import { chatDurable } from "./openai/chat-durable.ts";
import { responsesDurable } from "./responses/responses-durable.ts";

/**
 * One API the gateway speaks, as the rest of the app needs to know it: which paths are its,
 * how its clients expect an error (whichever stage threw: auth, body limit, a route, no route),
 * and, for a door whose generations can outlive the connection, its durable facet.
 */
export interface DoorEntry {
  name: string;
  /** The door's path and everything under it (`/v1/messages/count_tokens` is the Messages door's). */
  path: string;
  error(error: GatewayError): Response;
  durable?: DurableDoor;
  /** For a door whose path names the model and streaming (Gemini): them, for a refused request's record; null when the path names none. */
  pathFields?(path: string): PathFields | null;
}

/** OpenAI's error JSON: the shape of every door that has none of its own, and of paths no door owns. */
const openAIShape = { error: (error: GatewayError) => errorResponse(error) };

export const DOORS: readonly DoorEntry[] = [
  { name: "chat_completions", path: "/v1/chat/completions", ...openAIShape, durable: chatDurable },
  { name: "responses", path: "/v1/responses", ...openAIShape, durable: responsesDurable },
  { name: "messages", path: "/v1/messages", error: (error) => anthropicErrorResponse(error) },
  { name: "embeddings", path: "/v1/embeddings", ...openAIShape },
  { name: "models", path: "/v1/models", ...openAIShape },
  // Gemini's API (`/v1beta/models/{model}:generateContent`, …): Google's error JSON.
  { name: "gemini", path: "/v1beta", error: (error) => googleErrorResponse(error), pathFields: geminiPathFields },
  // MCP's Streamable HTTP endpoint: JSON-RPC errors (README "MCP gateway").
  { name: "mcp", path: "/mcp", error: (error) => mcpErrorResponse(error) },
];

/** Paths no door owns (`/healthz`, an unknown route) answer in OpenAI's shape. */
const NO_DOOR: DoorEntry = { name: "none", path: "", ...openAIShape };

/** The door a path belongs to: the one place that tests paths for a door's identity. */
export function doorFor(path: string): DoorEntry {
  return DOORS.find((door) => path === door.path || path.startsWith(`${door.path}/`)) ?? NO_DOOR;
}

/** The registry as the request's object hands it to its durable host. */
export const durableDoors: DurableDoors = {
  forPath: (path) => doorFor(path).durable,
  named: (name) => DOORS.find((door) => door.durable?.name === name)?.durable,
};
