import type { NextFunction, Request, Response } from 'express';

/**
 * CORS of the codec routes, for the Temporal Web UI's origin(s) only (CODEC_ALLOWED_ORIGINS):
 * answers the preflight, and lets the UI send its Authorization and X-Namespace headers and,
 * when it includes credentials, cookies. Other routes and origins get no CORS headers.
 */
export function codecCors(allowed: readonly string[]) {
  const origins = new Set(allowed);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.path.startsWith('/codec/')) return next();
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method !== 'OPTIONS') return next();
    if (!origin || !origins.has(origin)) {
      res.status(403).json({ error: { code: 'CORS.ORIGIN_NOT_ALLOWED', message: 'Este origen no puede usar el servidor de códec.' } });
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace, x-workflow-id');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
