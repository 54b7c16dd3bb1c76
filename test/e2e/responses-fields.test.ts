import { describe, expect, it } from "vitest";
import { gatewayUrl, recordsOf, useTenant } from "./harness.ts";

const t = useTenant();

describe("/v1/responses accepts what real clients send (docs/responses-fields.md)", () => {
  it("fields a client sends that a chat target has no use for are dropped and named; the record keeps the body as sent", async () => {
    const model = await t.workflow("codex-like", "echo");
    const sent = {
      model,
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hello there" }] }],
      tools: [
        { type: "function", name: "exec_command", parameters: { type: "object", properties: {} } },
        { type: "web_search", external_web_access: false },
      ],
      tool_choice: "auto",
      parallel_tool_calls: true,
      reasoning: { summary: "auto" },
      store: false,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: "thread-1",
      client_metadata: { session_id: "s-1" },
      a_field_from_next_year: true,
    };
    const response = await fetch(`${gatewayUrl()}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body: JSON.stringify(sent),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).output[0].content[0].text).toBe("Echo: hello there");
    expect(response.headers.get("x-gateway-dropped-params")?.split(", ").sort()).toEqual(
      ["a_field_from_next_year", "client_metadata", "include", "reasoning.summary", "tools.web_search"].sort(),
    );
    const upstream = t.upstream.callsFor("echo").at(-1)?.body;
    expect(upstream?.tools.map((tool: any) => tool.function.name)).toEqual(["exec_command"]);
    expect(upstream).toMatchObject({ prompt_cache_key: "thread-1", parallel_tool_calls: true });
    for (const field of ["client_metadata", "include", "a_field_from_next_year", "store"]) expect(upstream).not.toHaveProperty(field);
    const [record] = await recordsOf(t.tenant, model);
    expect(record.request).toEqual(sent);
    expect(record.attempts[0].droppedParams).toContain("client_metadata");
  });
});
