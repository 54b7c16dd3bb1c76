import type { Context } from "hono";
import { Hono } from "hono";
import { adminRoutes } from "./admin/admin-routes.ts";
import type { AppEnv, DataPlaneEnv } from "./app-env.ts";
import { requireGatewayKey } from "./auth/gateway-key-auth.ts";
import { ensureDemoSeed } from "./config/demo-seed.ts";
import { doorFor } from "./doors/door-registry.ts";
import { chatDurable } from "./doors/openai/chat-durable.ts";
import { responsesDurable } from "./doors/responses/responses-durable.ts";
import { responsesSocket, type TurnDispatch } from "./doors/responses/responses-socket.ts";
import { durableRequests } from "./durable/durable-dispatch.ts";
import { toGatewayError } from "./http/error-response.ts";
import { notFound } from "./http/gateway-error.ts";
import { journalRequest } from "./journal/journal-request.ts";
import { refusedBodyEvent } from "./journal/refused-body.ts";
import { failedWith } from "./journal/request-event.ts";
import { limitBody } from "./middleware/body-limit.ts";
import { dataPlaneHeaders } from "./middleware/data-plane-headers.ts";
import { requestContext } from "./middleware/request-context.ts";
import { chatCompletions } from "./routes/chat-completions.ts";
import { embeddings } from "./routes/embeddings.ts";
import { geminiModelAction, getGeminiModel, listGeminiModels } from "./routes/gemini.ts";
import { countTokens, messages } from "./routes/messages.ts";
import { listModels, retrieveModel } from "./routes/models.ts";
import { cancelResponse, createResponse, deleteResponse, listInputItems, retrieveResponse } from "./routes/responses.ts";
import { resumeChatStream } from "./routes/resume.ts";

/** Middleware and routes, in the order a request meets them. */
export const app = new Hono<AppEnv>()
  .use("*", requestContext)
  .use("*", async (c, next) => {
    // Local development only (`.dev.vars`): make the documented demo key and workflows exist.
    if (c.env.SEED_DEMO === "true") await ensureDemoSeed(c.get("store"));
    await next();
  })
  .get("/healthz", (c) => c.json({ status: "ok" }))
  // Claude Code probes the base URL (`HEAD /`) before its first request; GET answers HEAD too.
  .get("/", (c) => c.json({ status: "ok" }))
  .use("/v1/*", dataPlaneHeaders, journalRequest, limitBody, requireGatewayKey)
  .post("/v1/chat/completions", durableRequests(chatDurable), chatCompletions)
  .get("/v1/chat/completions/:id/stream", resumeChatStream)
  .post("/v1/responses", durableRequests(responsesDurable), createResponse)
  .get("/v1/responses", responsesSocket(dispatchTurn))
  .get("/v1/responses/:id", retrieveResponse)
  .post("/v1/responses/:id/cancel", cancelResponse)
  .delete("/v1/responses/:id", deleteResponse)
  .get("/v1/responses/:id/input_items", listInputItems)
  .post("/v1/messages", messages)
  .post("/v1/messages/count_tokens", countTokens)
  .post("/v1/embeddings", embeddings)
  .get("/v1/models", listModels)
  .get("/v1/models/*", retrieveModel)
  .use("/v1beta/*", dataPlaneHeaders, journalRequest, limitBody, requireGatewayKey)
  .post("/v1beta/models/*", geminiModelAction)
  .get("/v1beta/models", listGeminiModels)
  .get("/v1beta/models/*", getGeminiModel)
  .use("/admin/*", limitBody)
  .route("/admin/v1", adminRoutes)
  .notFound((c) => {
    const error = notFound(`No route ${c.req.method} ${c.req.path}.`, "unknown_route");
    return doorFor(c.req.path).error(error);
  })
  .onError(async (thrown, c) => {
    const error = toGatewayError(thrown);
    const body = await refusedBodyEvent(c.get("journal"), c.get("store"), () => c.req.text(), doorFor(c.req.path).pathFields?.(c.req.path));
    if (body) c.get("journal")?.emit(body);
    c.get("journal")?.emit(failedWith(error));
    if (error.status >= 500) console.error(`[${c.get("requestId") ?? "-"}] ${error.message}`);
    // A door's clients parse its own error shape, whichever stage threw (auth, body limit, the route).
    return doorFor(c.req.path).error(error);
  });

/** A WebSocket turn runs as its own request through the whole app: auth, journal and record included. */
function dispatchTurn(c: Context<DataPlaneEnv>): TurnDispatch {
  return (request) => app.fetch(request, c.env, c.executionCtx) as Promise<Response>;
}
