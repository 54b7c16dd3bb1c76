import type { PriceOverride } from "../pricing/price-overrides.ts";
import type { KeyRecord, ProviderRecord, TenantRecord, WorkflowRecord } from "./schemas.ts";
import { configKey } from "./storage-keys.ts";

/**
 * Typed access to tenants, providers, workflows and keys in Workers KV.
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
      this.kv.put(configKey.tenant(record.name), JSON.stringify(record)),
      ...record.hostnames.map((h) => this.kv.put(configKey.hostname(h), record.name)),
      ...stale.map((h) => this.kv.delete(configKey.hostname(h))),
    ]);
  }
  async deleteTenant(record: TenantRecord): Promise<void> {
    await Promise.all([
      this.kv.delete(configKey.tenant(record.name)),
      ...record.hostnames.map((h) => this.kv.delete(configKey.hostname(h))),
    ]);
  }
  tenantForHostname(hostname: string) {
    return this.kv.get(configKey.hostname(hostname));
  }

  getProvider(tenant: string, name: string) {
    return this.kv.get<ProviderRecord>(configKey.provider(tenant, name), "json");
  }
  listProviders(tenant: string) {
    return this.listValues<ProviderRecord>(configKey.providerPrefix(tenant));
  }
  putProvider(tenant: string, record: ProviderRecord) {
    return this.kv.put(configKey.provider(tenant, record.name), JSON.stringify(record));
  }
  deleteProvider(tenant: string, name: string) {
    return this.kv.delete(configKey.provider(tenant, name));
  }

  getWorkflow(tenant: string, name: string) {
    return this.kv.get<WorkflowRecord>(configKey.workflow(tenant, name), "json");
  }
  listWorkflows(tenant: string) {
    return this.listValues<WorkflowRecord>(configKey.workflowPrefix(tenant));
  }
  putWorkflow(tenant: string, record: WorkflowRecord) {
    return this.kv.put(configKey.workflow(tenant, record.name), JSON.stringify(record));
  }
  deleteWorkflow(tenant: string, name: string) {
    return this.kv.delete(configKey.workflow(tenant, name));
  }

  keyByHash(hash: string) {
    return this.kv.get<KeyRecord>(configKey.keyByHash(hash), "json");
  }
  getKey(tenant: string, id: string) {
    return this.kv.get<KeyRecord>(configKey.key(tenant, id), "json");
  }
  listKeys(tenant: string) {
    return this.listValues<KeyRecord>(configKey.keyPrefix(tenant));
  }
  async putKey(record: KeyRecord): Promise<void> {
    const value = JSON.stringify(record);
    await Promise.all([this.kv.put(configKey.keyByHash(record.hash), value), this.kv.put(configKey.key(record.tenant, record.id), value)]);
  }
  async deleteKey(record: KeyRecord): Promise<void> {
    await Promise.all([this.kv.delete(configKey.keyByHash(record.hash)), this.kv.delete(configKey.key(record.tenant, record.id))]);
  }

  async getPrices(tenant: string): Promise<PriceOverride[]> {
    return (await this.kv.get<PriceOverride[]>(configKey.prices(tenant), "json")) ?? [];
  }
  putPrices(tenant: string, prices: PriceOverride[]) {
    return this.kv.put(configKey.prices(tenant), JSON.stringify(prices));
  }

  getSeedMarker() {
    return this.kv.get(configKey.seedMarker());
  }
  putSeedMarker(version: string) {
    return this.kv.put(configKey.seedMarker(), version);
  }

  /** Every value under a prefix, following KV's list cursor. */
  private async listValues<T>(prefix: string): Promise<T[]> {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.kv.list({ prefix, ...(cursor ? { cursor } : {}) });
      names.push(...page.keys.map((k) => k.name));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    const values = await Promise.all(names.map((name) => this.kv.get<T>(name, "json")));
    return values.filter((v): v is Awaited<T> => v !== null) as T[];
  }
}
