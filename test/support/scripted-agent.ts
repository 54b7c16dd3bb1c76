/**
 * A model for coding-agent tests, over loopback, in chat, Responses or Anthropic wire format: asked to run something
 * while it offers `exec_command`, it calls `exec_command` with `AGENT_COMMAND`; given the
 * command's output, it answers `Tool said: <output>`; otherwise `Echo: <last user text>`. It
 * streams chat-completion chunks, Responses events or Anthropic Messages events, usage included, and
 * keeps every raw answer for byte comparisons (a Responses request that does not stream gets the final Response object). Served by `startLoopbackUpstream(agent.handle)`.
 */

/** What the scripted model runs: its output proves Codex ran it (the text is not in any prompt). */
export const AGENT_COMMAND = "printf 'tool-%s' ran-by-codex";
export const AGENT_COMMAND_OUTPUT = "tool-ran-by-codex";

type Turn = { kind: "text"; text: string } | { kind: "call"; callId: string; name: string; arguments: string };

const USAGE = { input: 42, cached: 8, output: 6 };

type Wire = "chat" | "responses" | "anthropic";

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
}

/** The conversation's last entry, in any of the three wires: a tool's output, or the user's text. */
type Last = { toolOutput: string } | { prompt: string };

function lastOf(wire: Wire, body: Record<string, any>): Last {
  const items: any[] =
    wire === "responses" ? (typeof body.input === "string" ? [{ role: "user", content: body.input }] : body.input) : body.messages;
  const last = items.at(-1);
  if (last?.role === "tool" || last?.type === "function_call_output") return { toolOutput: textOf(last.content ?? last.output) };
  const result = Array.isArray(last?.content) ? last.content.find((part: any) => part?.type === "tool_result") : undefined;
  if (result) return { toolOutput: textOf(result.content) };
  return { prompt: textOf(last?.content) };
}

/** The next turn, from the conversation's last entry and the tools offered. */
function decide(last: Last, tools: string[]): Turn {
  if ("toolOutput" in last) return { kind: "text", text: `Tool said: ${last.toolOutput.slice(0, 2_000)}` };
  // A tool from Codex's `multi_agent_v1` namespace group: Codex can only route it back knowing the group.
  if (/\bwait\b/i.test(last.prompt) && tools.includes("wait_agent"))
    return { kind: "call", callId: "call_agent_2", name: "wait_agent", arguments: JSON.stringify({ targets: ["nobody"], timeout_ms: 10 }) };
  if (/\brun\b/i.test(last.prompt) && tools.includes("exec_command"))
    return { kind: "call", callId: "call_agent_1", name: "exec_command", arguments: JSON.stringify({ cmd: AGENT_COMMAND }) };
  return { kind: "text", text: `Echo: ${last.prompt.split("\n").at(-1) ?? ""}` };
}

const sse = (data: Record<string, unknown>, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
const halves = (s: string) => [s.slice(0, Math.ceil(s.length / 2)), s.slice(Math.ceil(s.length / 2))];

function chatStream(model: string, turn: Turn): string {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sse({
      id: "chatcmpl-agent",
      object: "chat.completion.chunk",
      created: 1,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  const parts = [chunk({ role: "assistant", content: "" })];
  if (turn.kind === "text") parts.push(...halves(turn.text).map((content) => chunk({ content })));
  else {
    parts.push(chunk({ tool_calls: [{ index: 0, id: turn.callId, type: "function", function: { name: turn.name, arguments: "" } }] }));
    parts.push(...halves(turn.arguments).map((args) => chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] })));
  }
  parts.push(chunk({}, turn.kind === "call" ? "tool_calls" : "stop"));
  const usage = { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output };
  parts.push(
    sse({
      id: "chatcmpl-agent",
      object: "chat.completion.chunk",
      created: 1,
      model,
      choices: [],
      usage: { ...usage, prompt_tokens_details: { cached_tokens: USAGE.cached } },
    }),
  );
  return `${parts.join("")}data: [DONE]\n\n`;
}

function responsesStream(model: string, turn: Turn): string {
  let sequence = 0;
  const event = (type: string, body: Record<string, unknown>) => sse({ type, sequence_number: sequence++, ...body }, type);
  const response = {
    id: "resp_agent_1",
    object: "response",
    created_at: 1,
    status: "in_progress",
    model,
    output: [] as unknown[],
    usage: null,
  };
  const parts = [event("response.created", { response }), event("response.in_progress", { response })];
  const reasoning = { id: "rs_agent", type: "reasoning", summary: [], encrypted_content: "gAAAA-opaque" };
  parts.push(
    event("response.output_item.added", { output_index: 0, item: reasoning }),
    event("response.output_item.done", { output_index: 0, item: reasoning }),
  );
  let item: Record<string, unknown>;
  if (turn.kind === "text") {
    item = { id: "msg_agent", type: "message", role: "assistant", status: "in_progress", content: [] };
    parts.push(event("response.output_item.added", { output_index: 1, item }));
    parts.push(
      event("response.content_part.added", {
        item_id: "msg_agent",
        output_index: 1,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [] },
      }),
    );
    for (const delta of halves(turn.text))
      parts.push(event("response.output_text.delta", { item_id: "msg_agent", output_index: 1, content_index: 0, delta, logprobs: [] }));
    item = { ...item, status: "completed", content: [{ type: "output_text", text: turn.text, annotations: [] }] };
  } else {
    item = { id: "fc_agent", type: "function_call", status: "in_progress", call_id: turn.callId, name: turn.name, arguments: "" };
    parts.push(event("response.output_item.added", { output_index: 1, item }));
    for (const delta of halves(turn.arguments))
      parts.push(event("response.function_call_arguments.delta", { item_id: "fc_agent", output_index: 1, delta }));
    item = { ...item, status: "completed", arguments: turn.arguments };
  }
  parts.push(event("response.output_item.done", { output_index: 1, item }));
  const usage = {
    input_tokens: USAGE.input,
    input_tokens_details: { cached_tokens: USAGE.cached },
    output_tokens: USAGE.output,
    output_tokens_details: { reasoning_tokens: 2 },
    total_tokens: USAGE.input + USAGE.output,
  };
  parts.push(event("response.completed", { response: { ...response, status: "completed", output: [reasoning, item], usage } }));
  return parts.join("");
}

function anthropicStream(model: string, turn: Turn): string {
  const event = (type: string, body: Record<string, unknown>) => sse({ type, ...body }, type);
  const usage = { input_tokens: USAGE.input - USAGE.cached, cache_read_input_tokens: USAGE.cached, cache_creation_input_tokens: 0 };
  const parts = [
    event("message_start", {
      message: { id: "msg_agent", type: "message", role: "assistant", content: [], model, usage: { ...usage, output_tokens: 1 } },
    }),
  ];
  if (turn.kind === "text") {
    parts.push(event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }));
    for (const text of halves(turn.text)) parts.push(event("content_block_delta", { index: 0, delta: { type: "text_delta", text } }));
  } else {
    parts.push(
      event("content_block_start", { index: 0, content_block: { type: "tool_use", id: turn.callId, name: turn.name, input: {} } }),
    );
    for (const partial_json of halves(turn.arguments))
      parts.push(event("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json } }));
  }
  parts.push(event("content_block_stop", { index: 0 }));
  parts.push(
    event("message_delta", {
      delta: { stop_reason: turn.kind === "call" ? "tool_use" : "end_turn" },
      usage: { output_tokens: USAGE.output },
    }),
  );
  parts.push(event("message_stop", {}));
  return parts.join("");
}

const ENDPOINT: Record<Wire, string> = { chat: "/chat/completions", responses: "/responses", anthropic: "/messages" };
const STREAM: Record<Wire, (model: string, turn: Turn) => string> = {
  chat: chatStream,
  responses: responsesStream,
  anthropic: anthropicStream,
};

export interface ScriptedAgent {
  handle(request: Request): Promise<Response>;
  /** Every streamed answer's raw text, in order. */
  answers: string[];
}

/** The scripted model on one wire: `chat` (`/chat/completions`), `responses` (`/responses`) or `anthropic` (`/messages`). */
export function scriptedAgent(wire: Wire): ScriptedAgent {
  const answers: string[] = [];
  return {
    answers,
    async handle(request) {
      const body = (await request.json()) as Record<string, any>;
      const path = new URL(request.url).pathname;
      if (!path.endsWith(ENDPOINT[wire])) return new Response("{}", { status: 404 });
      const named = (tool: any): string[] => [tool.name, tool.function?.name, ...(tool.tools ?? []).flatMap(named)];
      const tools: string[] = (body.tools ?? []).flatMap(named).filter(Boolean);
      const text = STREAM[wire](String(body.model), decide(lastOf(wire, body), tools));
      if (wire === "responses" && body.stream !== true) {
        // Not streamed: the Response object the stream would have completed with.
        const completed = text.split("\n").findLast((line) => line.startsWith("data: ") && line.includes('"response.completed"')) ?? "";
        const json = JSON.stringify(JSON.parse(completed.slice("data: ".length)).response);
        answers.push(json);
        return new Response(json, { headers: { "content-type": "application/json" } });
      }
      answers.push(text);
      return new Response(text, { headers: { "content-type": "text/event-stream" } });
    },
  };
}
