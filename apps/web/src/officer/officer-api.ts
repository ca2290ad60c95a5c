import type { ApiErrorBody, ApiResult } from '../api/api-client';

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The API on behalf of a signed-in officer: every call carries the officer's access token from
 * the OpenID provider (the API validates it by the provider's JWKS and applies the role, agency
 * and province of its claims). Answers typed from the routes' documented shapes by the callers.
 */
export class OfficerApi {
  constructor(private readonly baseUrl: string) {}

  async call<T>(
    token: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    opts: { query?: Query; body?: unknown; raw?: boolean; headers?: Record<string, string> } = {},
  ): Promise<ApiResult<T>> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(opts.headers ?? {}), ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
    } catch {
      return {
        ok: false,
        status: 503,
        error: { code: 'API.UNREACHABLE', message: 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.' },
      };
    }
    if (res.ok) {
      if (res.status === 204) return { ok: true, status: 204, data: undefined as T };
      const data = opts.raw ? ((await res.text()) as T) : ((await res.json()) as T);
      return { ok: true, status: res.status, data };
    }
    const body = (await res.json().catch(() => undefined)) as { error?: ApiErrorBody } | undefined;
    return { ok: false, status: res.status, error: body?.error ?? { code: 'API.ERROR', message: 'El servicio no pudo atender la solicitud.' } };
  }

  /** A PDF (an issued document) as bytes. */
  async pdf(token: string, path: string): Promise<ApiResult<Buffer>> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    } catch {
      return {
        ok: false,
        status: 503,
        error: { code: 'API.UNREACHABLE', message: 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.' },
      };
    }
    if (res.ok) return { ok: true, status: res.status, data: Buffer.from(await res.arrayBuffer()) };
    const body = (await res.json().catch(() => undefined)) as { error?: ApiErrorBody } | undefined;
    return { ok: false, status: res.status, error: body?.error ?? { code: 'API.ERROR', message: 'El servicio no pudo entregar el documento.' } };
  }

  get<T>(token: string, path: string, query?: Query): Promise<ApiResult<T>> {
    return this.call<T>(token, 'GET', path, { query });
  }
}
