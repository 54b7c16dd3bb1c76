import { describe, expect, it } from "vitest";
import { GatewayError } from "../../http/gateway-error.ts";
import { afterTurn, preparedTurn, turnBody } from "./socket-turn.ts";

describe("a WebSocket turn", () => {
  it("is a streamed request; stream and background are the transport's", () => {
    expect(turnBody({ type: "response.create", model: "wf", input: "hi", stream: false, background: true }, null)).toEqual({
      model: "wf",
      input: "hi",
      stream: true,
    });
    expect(() => turnBody({ type: "session.update" }, null)).toThrow(GatewayError);
  });

  it("continues the socket's last response by id (even unstored); another id is left to the door", () => {
    const last = afterTurn(
      { input: "my name is Ada" },
      { id: "resp_1", output: [{ type: "message", role: "assistant", content: "Hi Ada" }] },
    );
    expect(last?.items).toHaveLength(2);
    const next = turnBody(
      { type: "response.create", model: "wf", previous_response_id: "resp_1", input: [{ role: "user", content: "name?" }] },
      last,
    );
    expect(next).toEqual({ model: "wf", stream: true, input: [...(last?.items ?? []), { role: "user", content: "name?" }] });
    const other = turnBody({ type: "response.create", model: "wf", previous_response_id: "resp_9", input: "x" }, last);
    expect(other.previous_response_id).toBe("resp_9");
  });

  it("generate: false prepares a response without output, which the next turn continues", () => {
    const { events, last } = preparedTurn({ model: "wf", input: "warm", generate: false });
    expect(events.map((e) => JSON.parse(e).type)).toEqual(["response.created", "response.completed"]);
    expect(JSON.parse(events[1] ?? "{}").response).toMatchObject({ id: last.id, status: "completed", output: [] });
    expect(last.items).toEqual([{ type: "message", role: "user", content: "warm" }]);
  });
});
