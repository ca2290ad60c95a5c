import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  WEB_STORE_REQUEST_MAX_SKEW_MS,
  WEB_STORE_SIGNATURE_HEADER,
  WEB_STORE_SIGNING_KEY_INFO,
  WEB_STORE_TIME_HEADER,
  webStoreRequestMessage,
} from '@tramites/contracts';
import type { Request } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  OfficerAccessLogRepository,
  OfficerDirectoryRepository,
  OFFICER_ACCESS_EVENTS,
  WebSessionRepository,
  type OfficerAccessEvent,
  type WebSessionKind,
} from '@tramites/persistence';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Public } from '../auth/auth.guard';
import { ApiConfig } from '../config/api.config';
import { ApiError } from '../errors/api-error';

const KINDS: readonly WebSessionKind[] = ['public', 'officer'];
const SESSION_ID = /^[A-Za-z0-9_-]{20,64}$/;
/** What the web seals (apps/web session/store-crypto.ts): the store takes nothing else. */
const SEALED = /^v1\.[A-Za-z0-9_-]{40,200000}$/;
const MAX_SESSION_HOURS = 24;
/** How long a signature is remembered: longer than a call signed at the edge of the skew window stays acceptable. */
const SEEN_SIGNATURE_MS = 60_000;
/** At most this many remembered signatures (beyond it, the oldest are dropped). */
const MAX_SEEN_SIGNATURES = 200_000;
/** Expired sessions are purged this often, on every API instance (and each expired row when it is asked for). */
const PURGE_EVERY_MS = 10 * 60_000;

const str = (v: unknown, max = 300): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);

/**
 * The web pages' session store and the officers' access log (ADR 0021), for the web processes
 * only: every call is signed with a key derived from WEB_SESSION_STORE_KEY (never the key
 * itself). Kept by the API so that the web app holds no database credentials (ADR 0015) and
 * sessions survive a restart and serve several web instances. The sessions arrive sealed by
 * the web (AES-256-GCM): this store and its table hold only ciphertext and deadlines. Not in
 * the OpenAPI document: no one else calls these routes.
 */
@ApiExcludeController()
@Public()
@Controller('internal')
export class WebSessionStoreController implements OnModuleInit, OnModuleDestroy {
  private readonly signingKey: Buffer | undefined;
  /**
   * Signatures already taken, with when they may be forgotten: a signed call is used once (a copy
   * replayed within its 30 s window is refused). Kept per API process: with several API instances
   * behind one address, a copy sent to another instance is not seen here.
   */
  private readonly seenSignatures = new Map<string, number>();
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessions: WebSessionRepository,
    private readonly accessLog: OfficerAccessLogRepository,
    private readonly directory: OfficerDirectoryRepository,
    config: ApiConfig,
    @InjectPinoLogger('officer-access') private readonly logger: PinoLogger,
  ) {
    const secret = config.values.WEB_SESSION_STORE_KEY;
    this.signingKey = secret
      ? Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from(WEB_STORE_SIGNING_KEY_INFO, 'utf8'), 32))
      : undefined;
  }

  onModuleInit(): void {
    if (!this.signingKey) return;
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  private async purge(): Promise<void> {
    try {
      await this.sessions.sweep();
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'web session purge failed');
    }
  }

  /**
   * A call of the web pages: signed with the key derived from WEB_SESSION_STORE_KEY over its
   * method, path, moment and body (libs/contracts web-store-request.ts), at most
   * WEB_STORE_REQUEST_MAX_SKEW_MS from this clock. The key itself is refused on the wire: a call
   * that carries it in the old `X-Session-Store-Key` header is forbidden.
   */
  private check(req: Request): void {
    if (!this.signingKey) throw new ApiError('SESSION_STORE.FORBIDDEN', 'El almacén de sesiones no está configurado (WEB_SESSION_STORE_KEY).', undefined, 404);
    const time = req.headers[WEB_STORE_TIME_HEADER];
    const given = req.headers[WEB_STORE_SIGNATURE_HEADER];
    if (req.headers['x-session-store-key'] !== undefined || typeof time !== 'string' || typeof given !== 'string' || !/^\d{1,15}$/.test(time))
      throw new ApiError('SESSION_STORE.FORBIDDEN');
    if (Math.abs(Date.now() - Number(time)) > WEB_STORE_REQUEST_MAX_SKEW_MS) throw new ApiError('SESSION_STORE.FORBIDDEN');
    const hasBody = req.method !== 'GET' && req.method !== 'DELETE' && req.method !== 'HEAD';
    const bodyDigest = hasBody
      ? createHash('sha256')
          .update(JSON.stringify(req.body ?? {}), 'utf8')
          .digest('base64url')
      : '';
    const expected = createHmac('sha256', this.signingKey)
      .update(webStoreRequestMessage({ method: req.method, path: req.originalUrl, time, bodyDigest }))
      .digest();
    const a = Buffer.from(given, 'base64url');
    if (a.length !== expected.length || !timingSafeEqual(a, expected)) throw new ApiError('SESSION_STORE.FORBIDDEN');
    if (!this.firstUse(expected.toString('base64url'))) throw new ApiError('SESSION_STORE.FORBIDDEN');
  }

  /** True the first time a (valid) signature is seen within SEEN_SIGNATURE_MS; remembers it. */
  private firstUse(signature: string): boolean {
    const now = Date.now();
    const until = this.seenSignatures.get(signature);
    if (until !== undefined && until > now) return false;
    // Oldest first (insertion order): drop the forgotten ones, and the oldest beyond the cap.
    for (const [sig, t] of this.seenSignatures) {
      if (t > now && this.seenSignatures.size < MAX_SEEN_SIGNATURES) break;
      this.seenSignatures.delete(sig);
    }
    this.seenSignatures.delete(signature);
    this.seenSignatures.set(signature, now + SEEN_SIGNATURE_MS);
    return true;
  }

  private static target(kind: string, id: string): { kind: WebSessionKind; id: string } {
    if (!KINDS.includes(kind as WebSessionKind) || !SESSION_ID.test(id))
      throw new ApiError('VALIDATION.FAILED', 'kind o id de sesión no válidos', undefined, 400);
    return { kind: kind as WebSessionKind, id };
  }

  @Get('web-sessions/:kind/:id')
  async get(@Req() req: Request, @Param('kind') kind: string, @Param('id') id: string) {
    this.check(req);
    const t = WebSessionStoreController.target(kind, id);
    const row = await this.sessions.get(t.kind, t.id);
    if (!row) throw new ApiError('SESSION_STORE.NOT_FOUND', 'No existe esa sesión o caducó.', undefined, 404);
    return { sealed: row.sealed, expiresAt: row.expiresAt.toISOString(), absoluteExpiresAt: row.absoluteExpiresAt.toISOString() };
  }

  @Put('web-sessions/:kind/:id')
  @HttpCode(204)
  async put(@Req() req: Request, @Param('kind') kind: string, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    this.check(req);
    const t = WebSessionStoreController.target(kind, id);
    const expiresAt = new Date(String(body['expiresAt']));
    const absoluteExpiresAt = new Date(String(body['absoluteExpiresAt']));
    const sealed = body['sealed'];
    const latest = Date.now() + MAX_SESSION_HOURS * 3_600_000;
    if (
      typeof sealed !== 'string' ||
      !SEALED.test(sealed) ||
      !(expiresAt.getTime() > Date.now()) ||
      !(absoluteExpiresAt.getTime() > Date.now()) ||
      absoluteExpiresAt.getTime() > latest
    ) {
      throw new ApiError(
        'VALIDATION.FAILED',
        'sealed (datos cifrados), expiresAt y absoluteExpiresAt (futuros, a lo sumo 24 horas) son obligatorios',
        undefined,
        400,
      );
    }
    await this.sessions.put({
      ...t,
      sealed,
      expiresAt: new Date(Math.min(expiresAt.getTime(), absoluteExpiresAt.getTime())),
      absoluteExpiresAt,
    });
  }

  @Delete('web-sessions/:kind/:id')
  @HttpCode(204)
  async delete(@Req() req: Request, @Param('kind') kind: string, @Param('id') id: string): Promise<void> {
    this.check(req);
    const t = WebSessionStoreController.target(kind, id);
    await this.sessions.delete(t.kind, t.id);
  }

  /** A sign-in, failed sign-in, sign-out, re-authentication or refused access of the officers' pages. */
  @Post('officer-access')
  @HttpCode(204)
  async officerAccess(@Req() req: Request, @Body() body: Record<string, unknown>): Promise<void> {
    this.check(req);
    const event = body['event'];
    if (!OFFICER_ACCESS_EVENTS.includes(event as OfficerAccessEvent))
      throw new ApiError('VALIDATION.FAILED', `event debe ser uno de: ${OFFICER_ACCESS_EVENTS.join(', ')}`, undefined, 400);
    const entry = {
      event: event as OfficerAccessEvent,
      officerId: str(body['officerId'], 128),
      role: str(body['role'], 32),
      agencyId: str(body['agencyId'], 40),
      province: str(body['province'], 40),
      path: str(body['path']),
      reason: str(body['reason']),
      clientAddress: str(body['clientAddress'], 64),
    };
    await this.accessLog.record(entry);
    // A sign-in names the officer in the directory (the provider's `name` claim, from the ID token the web checked).
    const name = str(body['name'], 200);
    if ((entry.event === 'sign_in' || entry.event === 'reauthenticated') && entry.officerId && entry.role && name)
      await this.directory.upsert({ officerId: entry.officerId, name, role: entry.role, agencyId: entry.agencyId, province: entry.province });
    // The structured log line of every sign-in event (no tokens, no passwords).
    this.logger.info({ officerAccess: entry }, `officer ${entry.event}`);
  }
}
