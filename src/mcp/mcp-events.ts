/** What an MCP request is about, for its record: the method, and for `tools/call` the server and its own tool name. */
export interface McpFacts {
  /** `null` when the body could not be read as a JSON-RPC message. */
  method: string | null;
  server: string | null;
  tool: string | null;
  /** The answer's `result` as JSON text (cut to the record's bound), when one came and the content is kept. */
  result: string | null;
}

/** The MCP door's part of a request's events (the journal's `RequestEvent` includes it). */
export type McpEvent =
  /** The JSON-RPC method was read (and, for `tools/call`, its tool resolved to a server). */
  | { type: "mcp_called"; method: string | null; server: string | null; tool: string | null }
  /** The JSON-RPC result sent to the client (an upstream's, or the gateway's aggregate). */
  | { type: "mcp_answered"; result: unknown };
