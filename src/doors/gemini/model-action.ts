import { notFound } from "../../http/gateway-error.ts";

/** What a Gemini model path asks for: `/v1beta/models/{model}:{action}`. */
export interface ModelAction {
  /** The workflow (or `provider/model` route) the path names. */
  model: string;
  action: "generateContent" | "streamGenerateContent" | "countTokens";
}

const ACTIONS = new Set<string>(["generateContent", "streamGenerateContent", "countTokens"]);
export const GEMINI_MODELS_PATH = "/v1beta/models/";

/** A path segment decoded, or as sent when its percent-encoding is malformed (it then names no workflow). */
function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The model and action of a path under `/v1beta/models/` (the model may contain a slash), or a 404. */
export function modelAction(path: string): ModelAction {
  const rest = decoded(path.slice(GEMINI_MODELS_PATH.length));
  const colon = rest.lastIndexOf(":");
  const action = colon < 0 ? "" : rest.slice(colon + 1);
  if (colon <= 0 || !ACTIONS.has(action)) throw notFound(`No method '${action || rest}' on Gemini models here.`, "unknown_route");
  return { model: rest.slice(0, colon), action: action as ModelAction["action"] };
}

/** The model a `POST /v1beta/models/{model}:{action}` path names and whether it streams; null for any other path. */
export function geminiPathFields(path: string): { model: string; stream: boolean } | null {
  if (!path.startsWith(GEMINI_MODELS_PATH)) return null;
  try {
    const { model, action } = modelAction(path);
    return { model, stream: action === "streamGenerateContent" };
  } catch {
    return null;
  }
}

/** The model of a `GET /v1beta/models/{model}` path (`models/` prefixes are Gemini's resource names). */
export function modelName(path: string): string {
  return decoded(path.slice(GEMINI_MODELS_PATH.length));
}
