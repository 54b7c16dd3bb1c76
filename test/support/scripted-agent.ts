/**
 * A model for coding-agent tests, over loopback, in either wire format: asked to run something
 * while it offers `exec_command`, it calls `exec_command` with `AGENT_COMMAND`; given the
 * command's output, it answers `Tool said: <output>`; otherwise `Echo: <last user text>`. It
 * streams chat-completion chunks (`chat`) or Responses events (`responses`), usage included, and
 * keeps every raw answer for byte comparisons. Served by `startLoopbackUpstream(agent.handle)`.
 */

/** What the scripted model runs: its output proves Codex ran it (the text is not in any prompt). */
export const AGENT_COMMAND = "printf 'tool-%s' ran-by-codex";
export const AGENT_COMMAND_OUTPUT = "tool-ran-by-codex";

type Turn = { kind: "text"; text: string } | { kind: "call"; callId: string; name: string; arguments: string };

const USAGE = { input: 42, cached: 8, output: 6 };

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
}

/** The next turn, from the conversation's last entry and the tools offered (names, wherever they sit). */
function decide(last: { role?: string; type?: string; content?: unknown; output?: unknown } | undefined, tools: string[]): Turn {
  if (last?.role === "tool" || last?.type === "function_call_output") {
    const output = textOf(last.content ?? last.output) || String(last.output ?? "");
    return { kind: "text", text: `Tool said: ${output.slice(0, 2_000)}` };
  }
  const prompt = textOf(last?.content);
  if (/\brun\b/i.test(prompt) && tools.includes("exec_command"))
    return { kind: "call", callId: "call_agent_1", name: "exec_command", arguments: JSON.stringify({ cmd: AGENT_COMMAND }) };
  return { kind: "text", text: `Echo: ${prompt.split("\n").at(-1) ?? ""}` };
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

export interface ScriptedAgent {
  handle(request: Request): Promise<Response>;
  /** Every streamed answer's raw text, in order. */
  answers: string[];
}

/** The scripted model on one wire: `chat` (`/chat/completions`) or `responses` (`/responses`). */
export function scriptedAgent(wire: "chat" | "responses"): ScriptedAgent {
  const answers: string[] = [];
  return {
    answers,
    async handle(request) {
      const body = (await request.json()) as Record<string, any>;
      const path = new URL(request.url).pathname;
      if (!path.endsWith(wire === "chat" ? "/chat/completions" : "/responses")) return new Response("{}", { status: 404 });
      const tools: string[] = (body.tools ?? []).flatMap((tool: any) => [tool.name, tool.function?.name]).filter(Boolean);
      const items: any[] =
        wire === "chat" ? body.messages : typeof body.input === "string" ? [{ role: "user", content: body.input }] : body.input;
      const turn = decide(items.at(-1), tools);
      const text = wire === "chat" ? chatStream(String(body.model), turn) : responsesStream(String(body.model), turn);
      answers.push(text);
      return new Response(text, { headers: { "content-type": "text/event-stream" } });
    },
  };
}
