/**
 * The gateway with its billable operations counted: a bench-only Worker entry
 * (`bench/wrangler.counting.jsonc`) that runs the gateway's own `fetch` and Durable Object
 * classes from ../src/index.ts unchanged, behind counting wrappers:
 * - `env`: KV namespaces (get/getWithMetadata → reads, one per key; put → writes; delete; list)
 *   and Durable Object namespaces, whose stubs count every method call as one DO request
 *   (each RPC call on a stub is one billed request);
 * - the Durable Object classes are subclassed: their `ctx.storage.sql.exec` cursors are summed
 *   (`rowsRead`, `rowsWritten`, read once the method that ran them has finished), and the
 *   storage KV/alarm calls are counted;
 * - `globalThis.fetch`: every outbound fetch (the upstream attempts) is a subrequest.
 * `GET /__bench/ops` answers the counters and resets them. `wrangler dev` runs the Worker and its
 * Durable Objects in one isolate, so these module-level counters see everything.
 *
 * JavaScript, not TypeScript: tsconfig.node.json checks bench/ with Node's types, and this file
 * imports src/, which only the Worker's tsconfig can check.
 */
import gateway, {
  IdempotencyKeys as GatewayIdempotencyKeys,
  KeyUsage as GatewayKeyUsage,
  LogIndex as GatewayLogIndex,
  ProviderHealth as GatewayProviderHealth,
  RequestLog as GatewayRequestLog,
  WebhookEndpoint as GatewayWebhookEndpoint,
} from "../src/index.ts";

const KV_READS = new Set(["get", "getWithMetadata"]);
const KV_OTHERS = new Set(["put", "delete", "list"]);

function freshCounters() {
  return {
    requests: 0,
    kv: {}, // binding → { get, put, delete, list }
    doRequests: {}, // binding → { method → calls }
    sql: {}, // class → { rowsRead, rowsWritten, statements }
    storage: {}, // class → { method → calls } (KV-style and alarm API of the objects' storage)
    subrequests: 0,
    objectsConstructed: 0, // Durable Object instances created (each opens its SQLite database)
  };
}
let counters = freshCounters();

const bump = (record, key, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};
const slot = (record, key) => {
  record[key] ??= {};
  return record[key];
};

/** Calls `target[name]` with `target` as `this` (host objects refuse a proxy as `this`). */
const bound = (target, value) => (typeof value === "function" ? value.bind(target) : value);

function countingKv(binding, kv) {
  return new Proxy(kv, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== "function" || typeof name !== "string") return bound(target, value);
      if (KV_READS.has(name))
        return (keys, ...rest) => {
          // A bulk get of N keys is N reads.
          bump(slot(counters.kv, binding), "get", Array.isArray(keys) ? keys.length : 1);
          return Reflect.apply(value, target, [keys, ...rest]);
        };
      if (KV_OTHERS.has(name))
        return (...args) => {
          bump(slot(counters.kv, binding), name);
          return Reflect.apply(value, target, args);
        };
      return bound(target, value);
    },
  });
}

/** A stub whose method calls are counted: each is one RPC session, one billed DO request. */
function countingStub(binding, stub) {
  return new Proxy(stub, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof name !== "string" || name === "then" || typeof value !== "function") return value;
      return (...args) => {
        bump(slot(counters.doRequests, binding), name);
        return Reflect.apply(value, target, args);
      };
    },
  });
}

function countingDoNamespace(binding, namespace) {
  return new Proxy(namespace, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (name === "get" || name === "getByName") return (...args) => countingStub(binding, Reflect.apply(value, target, args));
      return bound(target, value);
    },
  });
}

function countingEnv(env) {
  const wrapped = {};
  for (const [name, value] of Object.entries(env)) {
    if (value && typeof value === "object" && typeof value.idFromName === "function") wrapped[name] = countingDoNamespace(name, value);
    else if (value && typeof value === "object" && typeof value.getWithMetadata === "function") wrapped[name] = countingKv(name, value);
    else wrapped[name] = value;
  }
  return wrapped;
}

/** Keys a storage call touches: each is a row (`put({a, b})` writes two, `get([a, b])` reads two). */
function keysIn(name, args) {
  const [first] = args;
  if (name === "put" && first !== null && typeof first === "object") return Object.keys(first).length;
  if ((name === "get" || name === "delete") && Array.isArray(first)) return first.length;
  return 1;
}

/** The object's storage, with SQL cursors collected into `pending` and KV/alarm calls counted (per key). */
function countingStorage(className, storage, pending) {
  const sql = storage.sql;
  const countedSql = new Proxy(sql, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (name === "exec")
        return (...args) => {
          const cursor = Reflect.apply(value, target, args);
          pending.push(cursor);
          return cursor;
        };
      return bound(target, value);
    },
  });
  const counted = new Set(["get", "put", "delete", "list", "deleteAll", "getAlarm", "setAlarm", "deleteAlarm"]);
  return new Proxy(storage, {
    get(target, name) {
      if (name === "sql") return countedSql;
      const value = Reflect.get(target, name);
      if (typeof name === "string" && counted.has(name) && typeof value === "function")
        return (...args) => {
          bump(slot(counters.storage, className), name, keysIn(name, args));
          return Reflect.apply(value, target, args);
        };
      return bound(target, value);
    },
  });
}

/** Sums the rows of the cursors the object's finished work ran (cursors count rows as they are read). */
function drain(className, pending) {
  const sql = slot(counters.sql, className);
  for (const cursor of pending.splice(0)) {
    bump(sql, "statements");
    bump(sql, "rowsRead", cursor.rowsRead);
    bump(sql, "rowsWritten", cursor.rowsWritten);
  }
}

/** `Base` with its storage counted; every method it defines drains the cursors it ran when it ends. */
function counted(className, Base) {
  const pendingOf = new WeakMap();
  class Counted extends Base {
    constructor(ctx, env) {
      // The base class accepts the runtime's own DurableObjectState only, so the counting storage
      // is installed on it as own properties (shadowing the prototype's accessors) before the
      // gateway's constructor runs.
      const pending = [];
      const storage = countingStorage(className, ctx.storage, pending);
      Object.defineProperty(ctx, "storage", { value: storage, configurable: true });
      super(ctx, countingEnv(env));
      bump(counters, "objectsConstructed");
      pendingOf.set(this, pending);
      drain(className, pending); // the constructor's own statements
    }
  }
  for (const name of Object.getOwnPropertyNames(Base.prototype)) {
    const original = Base.prototype[name];
    if (name === "constructor" || typeof original !== "function") continue;
    Object.defineProperty(Counted.prototype, name, {
      configurable: true,
      writable: true,
      value(...args) {
        const pending = pendingOf.get(this) ?? [];
        let result;
        try {
          result = original.apply(this, args);
        } catch (error) {
          drain(className, pending);
          throw error;
        }
        if (result && typeof result.then === "function") return result.finally(() => drain(className, pending));
        drain(className, pending);
        return result;
      },
    });
  }
  return Counted;
}

export const RequestLog = counted("RequestLog", GatewayRequestLog);
export const LogIndex = counted("LogIndex", GatewayLogIndex);
export const KeyUsage = counted("KeyUsage", GatewayKeyUsage);
export const ProviderHealth = counted("ProviderHealth", GatewayProviderHealth);
export const WebhookEndpoint = counted("WebhookEndpoint", GatewayWebhookEndpoint);
export const IdempotencyKeys = counted("IdempotencyKeys", GatewayIdempotencyKeys);

const realFetch = globalThis.fetch;
globalThis.fetch = (...args) => {
  counters.subrequests++;
  return realFetch(...args);
};

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__bench/ops") {
      const answer = Response.json(counters);
      counters = freshCounters();
      return answer;
    }
    counters.requests++;
    return gateway.fetch(request, countingEnv(env), ctx);
  },
};
