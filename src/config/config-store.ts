import { forgetRead, memoRead } from "./isolate-memo.ts";
import type { McpServerRecord } from "./mcp-server-config.ts";
import type { PriceOverride } from "./price-overrides.ts";
import type { KeyRecord, ProviderRecord, TenantRecord, WorkflowRecord } from "./schemas.ts";
import { configKey, isDirectChild } from "./storage-keys.ts";
import type { TelemetryRecord } from "./telemetry-config.ts";
import type { WebhookRecord } from "./webhook-config.ts";

/** How long an isolate keeps a tenant's price overrides (KV itself takes ~60 s to propagate). */
const PRICES_FRESH_MS = 60_000;

/** KV calls in flight at once when removing many entries (each is a subrequest). */
const DELETE_BATCH = 50;

/**
 * Typed access to tenants, providers, workflows, webhooks, MCP servers and keys in Workers KV.
 * Values are validated by the admin API before they are written, so reads trust them.
 */
export class ConfigStore {
  private readonly kv: KVNamespace;
  constructor(kv: KVNamespace) {
    this.kv = kv;
  }

  getTenant(tenant: string) {
    return this.kv.get<TenantRecord>(configKey.tenant(tenant), "json");
  }
  async listTenants(): Promise<TenantRecord[]> {
    return this.listValues<TenantRecord>(configKey.tenantPrefix());
  }
  async putTenant(record: TenantRecord, previous: TenantRecord | null): Promise<void> {
    const stale = (previous?.hostnames ?? []).filter((h) => !record.hostnames.includes(h));
    await Promise.all([
      this.put(configKey.tenant(record.name), JSON.stringify(record)),
      ...record.hostnames.map((h) => this.put(configKey.hostname(h), record.name)),
      ...stale.map((h) => this.remove(configKey.hostname(h))),
    ]);
  }
  /**
   * Removes a tenant and everything it owns here. Keys go first (their by-hash lookups included),
   * so they stop authenticating before anything else changes; the tenant record goes last, so a
   * deletion cut short can simply be repeated.
   */
  async deleteTenant(record: TenantRecord): Promise<{ keys: number; entries: number }> {
    const keys = await this.listKeys(record.name);
    await this.deleteAll(keys.map((key) => configKey.keyByHash(key.hash)));
    const scope = configKey.tenantScope(record.name);
    // `{kind}:{name}` or `prices` below the scope; anything deeper is not this tenant's.
    const owned = (await this.listNames(scope)).filter((name) => name.slice(scope.length).split(":").length <= 2);
    await this.deleteAll(owned);
    await this.deleteAll([...record.hostnames.map((h) => configKey.hostname(h)), configKey.tenant(record.name)]);
    return { keys: keys.length, entries: owned.length };
  }
  tenantForHostname(hostname: string) {
    const key = configKey.hostname(hostname);
    return memoRead(key, () => this.kv.get(key));
  }

  getProvider(tenant: string, name: string) {
    return this.memoJson<ProviderRecord>(configKey.provider(tenant, name));
  }
  listProviders(tenant: string) {
    return this.listValues<ProviderRecord>(configKey.providerPrefix(tenant));
  }
  putProvider(tenant: string, record: ProviderRecord) {
    return this.put(configKey.provider(tenant, record.name), JSON.stringify(record));
  }
  deleteProvider(tenant: string, name: string) {
    return this.remove(configKey.provider(tenant, name));
  }

  getWorkflow(tenant: string, name: string) {
    return this.memoJson<WorkflowRecord>(configKey.workflow(tenant, name));
  }
  listWorkflows(tenant: string) {
    return this.listValues<WorkflowRecord>(configKey.workflowPrefix(tenant));
  }
  putWorkflow(tenant: string, record: WorkflowRecord) {
    return this.put(configKey.workflow(tenant, record.name), JSON.stringify(record));
  }
  deleteWorkflow(tenant: string, name: string) {
    return this.remove(configKey.workflow(tenant, name));
  }

  /** Read fresh (not memoized): deliveries check `enabled` and the admin API shows its own writes. */
  getWebhook(tenant: string, name: string) {
    return this.kv.get<WebhookRecord>(configKey.webhook(tenant, name), "json");
  }
  listWebhooks(tenant: string) {
    return this.listValues<WebhookRecord>(configKey.webhookPrefix(tenant));
  }
  putWebhook(tenant: string, record: WebhookRecord) {
    return this.put(configKey.webhook(tenant, record.name), JSON.stringify(record));
  }
  deleteWebhook(tenant: string, name: string) {
    return this.remove(configKey.webhook(tenant, name));
  }

  /** Memoized like providers: the data plane reads them on every MCP request. */
  getMcpServer(tenant: string, name: string) {
    return this.memoJson<McpServerRecord>(configKey.mcpServer(tenant, name));
  }
  /** The whole list, memoized for the data plane (`tools/list` reads it); this store's writes forget it. */
  listMcpServers(tenant: string) {
    const prefix = configKey.mcpServerPrefix(tenant);
    return memoRead(prefix, () => this.listValues<McpServerRecord>(prefix));
  }
  putMcpServer(tenant: string, record: McpServerRecord) {
    const prefix = configKey.mcpServerPrefix(tenant);
    forgetRead(prefix);
    return this.put(configKey.mcpServer(tenant, record.name), JSON.stringify(record)).finally(() => forgetRead(prefix));
  }
  deleteMcpServer(tenant: string, name: string) {
    const prefix = configKey.mcpServerPrefix(tenant);
    forgetRead(prefix);
    return this.remove(configKey.mcpServer(tenant, name)).finally(() => forgetRead(prefix));
  }

  keyByHash(hash: string) {
    return this.memoJson<KeyRecord>(configKey.keyByHash(hash));
  }
  getKey(tenant: string, id: string) {
    return this.kv.get<KeyRecord>(configKey.key(tenant, id), "json");
  }
  /** A key by id for the data plane (a durable request's hosted run): memoized like `keyByHash`, with the same staleness bound. */
  keyById(tenant: string, id: string) {
    return this.memoJson<KeyRecord>(configKey.key(tenant, id));
  }
  listKeys(tenant: string) {
    return this.listValues<KeyRecord>(configKey.keyPrefix(tenant));
  }
  async putKey(record: KeyRecord): Promise<void> {
    const value = JSON.stringify(record);
    await Promise.all([this.put(configKey.keyByHash(record.hash), value), this.put(configKey.key(record.tenant, record.id), value)]);
  }
  async deleteKey(record: KeyRecord): Promise<void> {
    await Promise.all([this.remove(configKey.keyByHash(record.hash)), this.remove(configKey.key(record.tenant, record.id))]);
  }

  /**
   * A tenant's price overrides, served from isolate memory for up to a minute: they only price a
   * request after its answer, so settle pays no KV read in the common case.
   */
  async getPrices(tenant: string): Promise<PriceOverride[]> {
    const key = configKey.prices(tenant);
    return (await memoRead(key, () => this.kv.get<PriceOverride[]>(key, "json"), PRICES_FRESH_MS)) ?? [];
  }
  putPrices(tenant: string, prices: PriceOverride[]) {
    return this.put(configKey.prices(tenant), JSON.stringify(prices));
  }

  /** Read by every ended request's exporter sink: memoized like the other data-plane reads. */
  getTelemetry(tenant: string) {
    return this.memoJson<TelemetryRecord>(configKey.telemetry(tenant));
  }
  putTelemetry(tenant: string, record: TelemetryRecord) {
    return this.put(configKey.telemetry(tenant), JSON.stringify(record));
  }
  deleteTelemetry(tenant: string) {
    return this.remove(configKey.telemetry(tenant));
  }

  getSeedMarker() {
    return this.kv.get(configKey.seedMarker());
  }
  putSeedMarker(version: string) {
    return this.put(configKey.seedMarker(), version);
  }

  /** A data-plane read, served from the isolate's memory while fresh (`isolate-memo.ts`). */
  private memoJson<T>(key: string): Promise<T | null> {
    return memoRead(key, () => this.kv.get<T>(key, "json"));
  }

  /** Every write goes through here and `remove`, so this isolate never serves a stale read of its own change. */
  private put(key: string, value: string): Promise<void> {
    forgetRead(key);
    return this.kv.put(key, value).finally(() => forgetRead(key));
  }
  private remove(key: string): Promise<void> {
    forgetRead(key);
    return this.kv.delete(key).finally(() => forgetRead(key));
  }

  /** Every value exactly one segment below a prefix. */
  private async listValues<T>(prefix: string): Promise<T[]> {
    const names = (await this.listNames(prefix)).filter((name) => isDirectChild(name, prefix));
    const values = await Promise.all(names.map((name) => this.kv.get<T>(name, "json")));
    return values.filter((v): v is Awaited<T> => v !== null) as T[];
  }

  private deleteAll(names: string[]): Promise<void> {
    return deleteInBatches(this.kv, names);
  }

  private listNames(prefix: string): Promise<string[]> {
    return listKeyNames(this.kv, prefix);
  }
}

/** Every key name under a prefix, following KV's list cursor. */
export async function listKeyNames(kv: KVNamespace, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, ...(cursor ? { cursor } : {}) });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}

/** Deletes KV entries, a bounded number at a time. */
export async function deleteInBatches(kv: KVNamespace, names: string[]): Promise<void> {
  for (const name of names) forgetRead(name);
  for (let i = 0; i < names.length; i += DELETE_BATCH) {
    const batch = names.slice(i, i + DELETE_BATCH);
    await Promise.all(batch.map((n) => kv.delete(n)));
    // A read that started before the delete landed must not keep the deleted value.
    for (const name of batch) forgetRead(name);
  }
}
