import { mapSse } from "../../stream/sse-decoder.ts";
import { openAIErrorMessage } from "../openai-compatible/error-message.ts";
import type { ProviderAdapter, ProviderCall } from "../provider-adapter.ts";
import { toWorkersAiInputs } from "./request-mapping.ts";
import { fromWorkersAiResult } from "./response-mapping.ts";
import { workersAiStreamTranslator } from "./stream-translator.ts";

/** The part of the `AI` binding the adapter uses. */
export interface WorkersAiBinding {
  run(model: string, inputs: Record<string, unknown>): Promise<unknown>;
}

/** Binding errors carry no status; capacity and rate errors are worth retrying, the rest fail over. */
function errorResponse(error: unknown): Response {
  const message = error instanceof Error ? error.message : String(error);
  const status = /capacity|rate limit|too many/i.test(message) ? 429 : 502;
  return Response.json({ error: { message: `workers-ai: ${message}`, type: "upstream_error", param: null, code: null } }, { status });
}

/**
 * Workers AI through the `AI` binding: no network hop from the Worker. Without the binding (local
 * dev without a Cloudflare login, or a deployment that did not add it) the adapter is unavailable:
 * attempts fail at once with a reason that says how to add it, and the workflow moves on.
 */
export function workersAiAdapter(binding: WorkersAiBinding | undefined): ProviderAdapter {
  return {
    ...(binding ? {} : { unavailable: 'the Workers AI binding is not configured: add "ai": {"binding": "AI"} to wrangler.jsonc' }),
    translateRequest: toWorkersAiInputs,
    async send(call: ProviderCall) {
      if (!binding) throw new TypeError("the Workers AI binding is not configured");
      try {
        const result = await binding.run(call.model, call.body);
        if (result instanceof ReadableStream) return new Response(result, { headers: { "content-type": "text/event-stream" } });
        return Response.json(result);
      } catch (error) {
        return errorResponse(error);
      }
    },
    streamEvents: (body) => mapSse(body, workersAiStreamTranslator()),
    completion: fromWorkersAiResult,
    errorMessage: openAIErrorMessage,
  };
}
