import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** One API call a page made: its method and route template (no ids, no personal data) and how long it took. */
export interface ApiCallTiming {
  call: string;
  ms: number;
}

/**
 * The API calls of the page being served, for a `Server-Timing` answer header (WEB_SERVER_TIMING=1,
 * docs/configuration.md; off in production). The bench reads it to set a page's latency beside its
 * API calls' (ADR 0035, "Pages under load").
 */
const pageCalls = new AsyncLocalStorage<ApiCallTiming[]>();

/** Records an API call of the page being served (nothing when no page collects them). */
export function recordApiCall(method: string, routeTemplate: string, ms: number): void {
  pageCalls.getStore()?.push({ call: `${method.toUpperCase()} ${routeTemplate}`, ms });
}

/** The header's value: one `api` entry per call, in the order made. */
export const serverTimingValue = (calls: readonly ApiCallTiming[]): string =>
  calls.map((c) => `api;dur=${c.ms.toFixed(1)};desc="${c.call.replace(/["\\]/g, '')}"`).join(', ');

/** Collects the calls of each request and answers them in `Server-Timing`, set as the headers go out (redirects included). */
export function serverTimingMiddleware() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const calls: ApiCallTiming[] = [];
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (calls.length > 0 && !this.headersSent) this.setHeader('Server-Timing', serverTimingValue(calls));
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    pageCalls.run(calls, next);
  };
}
