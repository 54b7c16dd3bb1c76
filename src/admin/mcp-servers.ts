import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { type McpServerRecord, mcpServerInput, mcpServerName, publicMcpServer } from "../config/mcp-server-config.ts";
import { invalidRequest, notFound } from "../http/gateway-error.ts";
import { MCP_MAX_SERVERS } from "../platform-limits.ts";
import { allowsLoopback, webhookUrlProblem } from "../webhooks/webhook-url.ts";
import { pathParam, readBody, requireTenant } from "./admin-helpers.ts";
import { storedHeaders } from "./sealed-headers.ts";

/** `/admin/v1/tenants/{tenant}/mcp-servers[/{name}]`: the tenant's upstream MCP servers (README "MCP gateway"). */
export const mcpServerRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    return c.json({ object: "list", data: (await c.get("store").listMcpServers(tenant.name)).map(publicMcpServer) });
  })
  .put("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = pathParam(c, "name", mcpServerName);
    const { headers, ...input } = await readBody(c, mcpServerInput);
    // The webhook rule: HTTPS to a public host (loopback only where WEBHOOK_ALLOW_LOOPBACK allows it).
    for (const [field, url] of [["url", input.url] as const, ...(input.backupUrls ?? []).map((u, i) => [`backupUrls.${i}`, u] as const)]) {
      const problem = webhookUrlProblem(url, allowsLoopback(c.env));
      if (problem) throw invalidRequest(`Invalid request: ${field} ${problem}.`, field, "invalid_value");
    }
    const previous = await c.get("store").getMcpServer(tenant.name, name);
    if (!previous && (await c.get("store").listMcpServers(tenant.name)).length >= MCP_MAX_SERVERS)
      throw invalidRequest(`A tenant has at most ${MCP_MAX_SERVERS} MCP servers.`, null, "too_many_mcp_servers");
    const record: McpServerRecord = {
      ...input,
      ...(await storedHeaders(headers, input.secretHeaders, previous, c.env.SECRETS_KEY)),
      name,
      updatedAt: new Date().toISOString(),
    };
    await c.get("store").putMcpServer(tenant.name, record);
    return c.json(publicMcpServer(record), previous ? 200 : 201);
  })
  .get("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = pathParam(c, "name", mcpServerName);
    const server = await c.get("store").getMcpServer(tenant.name, name);
    if (!server) throw notFound(`No MCP server named '${name}'.`, "mcp_server_not_found");
    return c.json(publicMcpServer(server));
  })
  .delete("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = pathParam(c, "name", mcpServerName);
    if (!(await c.get("store").getMcpServer(tenant.name, name))) throw notFound(`No MCP server named '${name}'.`, "mcp_server_not_found");
    await c.get("store").deleteMcpServer(tenant.name, name);
    return c.json({ name, deleted: true });
  });
