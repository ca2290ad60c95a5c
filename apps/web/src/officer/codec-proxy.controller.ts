import { Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { TramitesApi, type CodecRequestBody } from '../api/api-client';
import { OfficerAuth } from './officer-auth';
import { officerSessionOf, type OfficerRequest } from './officer-session';
import { OFFICER_AUTH } from '../shared/tokens';

const CODEC_ROLES = ['auditor', 'admin'] as const;

/**
 * CORS of `/oficina/codec/*` for the Temporal Web UI's origins only, with credentials: the UI
 * (its codec setting "include cross-origin credentials") sends the officer's session cookie.
 * The preflight is answered here, before any session.
 */
export function officerCodecCors(allowed: readonly string[]) {
  const origins = new Set(allowed);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.path.startsWith('/oficina/codec/')) return next();
    const origin = req.headers.origin;
    const known = Boolean(origin && origins.has(origin));
    if (known && origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (!known) {
        res.status(403).json({ error: { code: 'CORS.ORIGIN_NOT_ALLOWED', message: 'Este origen no puede usar el servidor de códec.' } });
        return;
      }
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace, x-workflow-id');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    // A cross-site POST from another origin never reaches the codec with the officer's cookie.
    if (origin && !known) {
      res.status(403).json({ error: { code: 'CORS.ORIGIN_NOT_ALLOWED', message: 'Este origen no puede usar el servidor de códec.' } });
      return;
    }
    next();
  };
}

/**
 * The codec server for the Temporal Web UI of a signed-in auditor (ADR 0021): the UI
 * posts the payloads it shows with the officer's session cookie; this forwards them to the
 * API's `/codec/decode` (or `/encode`) with the officer's access token, so the API checks the
 * role and records the decode under the officer's own id.
 */
@Controller('oficina/codec')
export class CodecProxyController {
  constructor(
    @Inject(OFFICER_AUTH) private readonly auth: OfficerAuth,
    @Inject(TramitesApi) private readonly api: TramitesApi,
  ) {}

  @Post('decode')
  @HttpCode(200)
  decode(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Body() body: unknown,
    @Headers('x-namespace') ns?: string,
    @Headers('x-workflow-id') wf?: string,
  ): Promise<void> {
    return this.forward(req, res, 'decode', body, ns, wf);
  }

  @Post('encode')
  @HttpCode(200)
  encode(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Body() body: unknown,
    @Headers('x-namespace') ns?: string,
    @Headers('x-workflow-id') wf?: string,
  ): Promise<void> {
    return this.forward(req, res, 'encode', body, ns, wf);
  }

  private async forward(
    req: OfficerRequest,
    res: Response,
    action: 'decode' | 'encode',
    body: unknown,
    namespace?: string,
    workflowId?: string,
  ): Promise<void> {
    const s = officerSessionOf(req);
    if (!s.officer || !s.accessToken) {
      res
        .status(401)
        .json({ error: { code: 'AUTH.TOKEN_REQUIRED', message: 'Ingrese primero a la oficina virtual como auditor (/oficina) en este navegador.' } });
      return;
    }
    if (!(CODEC_ROLES as readonly string[]).includes(s.officer.role)) {
      try {
        await this.auth.log.record(req, 'access_refused', s.officer, `servidor de códec: rol ${s.officer.role}`);
      } catch {
        res.status(503).json({ error: { code: 'SERVICE.UNAVAILABLE', message: 'El registro de accesos no responde; inténtelo de nuevo en unos minutos.' } });
        return;
      }
      res.status(403).json({ error: { code: 'AUTH.ROLE_NOT_ALLOWED', message: 'Solo auditores y administradores pueden ver los datos descifrados.' } });
      return;
    }
    // The Web UI's body as sent: the API judges it.
    const r = await this.api.codec(s.accessToken, action, body as CodecRequestBody, namespace, workflowId);
    res.status(r.status).json(r.ok ? r.data : { error: r.error });
  }
}
