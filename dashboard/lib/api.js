/**
 * The public admin API, and nothing else. The credential (the operator's ADMIN_TOKEN or a
 * tenant's admin key) lives in sessionStorage: it survives a reload but not the tab, and it is
 * never put in a URL, where history and logs would keep it.
 */
const CREDENTIAL = "gateway.admin.credential";

export const credential = {
  get: () => sessionStorage.getItem(CREDENTIAL),
  set: (value) => sessionStorage.setItem(CREDENTIAL, value),
  clear: () => sessionStorage.removeItem(CREDENTIAL),
};

/** An admin API error, with the API's own message and the field it names. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.param = error?.param ?? null;
    this.code = error?.code ?? null;
  }
}

/** Calls `/admin/v1{path}`; resolves the JSON body or throws an ApiError. */
export async function api(method, path, body) {
  const res = await fetch(`/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${credential.get() ?? ""}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, json?.error);
  return json;
}

/** `/tenants/{tenant}{rest}`, with the tenant name encoded. */
export const tenantPath = (tenant, rest = "") => `/tenants/${encodeURIComponent(tenant)}${rest}`;
