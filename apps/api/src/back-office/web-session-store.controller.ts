import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OfficerAccessLogRepository, OFFICER_ACCESS_EVENTS, WebSessionRepository, type OfficerAccessEvent, type WebSessionKind } from '@tramites/persistence';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { ApiConfig } from '../config/api.config';
import { ApiError } from '../errors/api-error';

const KINDS: readonly WebSessionKind[] = ['public', 'officer'];
const SESSION_ID = /^[A-Za-z0-9_-]{20,64}$/;
const MAX_SESSION_HOURS = 24;
/** Expired sessions are removed at most this often (by the store's writes, on any API instance). */
const SWEEP_EVERY_MS = 10 * 60_000;

const str = (v: unknown, max = 300): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);

/**
 * The web pages' session store and the officers' access log (ADR 0021), for the web processes
 * only: every call carries WEB_SESSION_STORE_KEY in `X-Session-Store-Key`. Kept by the API so
 * that the web app holds no database credentials (ADR 0015) and sessions survive a restart and
 * serve several web instances. Not in the OpenAPI document: no one else calls these routes.
 */
@ApiExcludeController()
@Public()
@Controller('internal')
export class WebSessionStoreController {
  private readonly sessions: WebSessionRepository;
  private readonly accessLog: OfficerAccessLogRepository;
  private lastSweep = 0;

  constructor(
    db: DataSource,
    private readonly config: ApiConfig,
    @InjectPinoLogger('officer-access') private readonly logger: PinoLogger,
  ) {
    this.sessions = new WebSessionRepository(db);
    this.accessLog = new OfficerAccessLogRepository(db);
  }

  private check(key: string | undefined): void {
    const expected = this.config.values.WEB_SESSION_STORE_KEY;
    if (!expected) throw new ApiError('SESSION_STORE.FORBIDDEN', 'El almacén de sesiones no está configurado (WEB_SESSION_STORE_KEY).', undefined, 404);
    const a = Buffer.from(key ?? '');
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new ApiError('SESSION_STORE.FORBIDDEN');
  }

  private static target(kind: string, id: string): { kind: WebSessionKind; id: string } {
    if (!KINDS.includes(kind as WebSessionKind) || !SESSION_ID.test(id))
      throw new ApiError('VALIDATION.FAILED', 'kind o id de sesión no válidos', undefined, 400);
    return { kind: kind as WebSessionKind, id };
  }

  @Get('web-sessions/:kind/:id')
  async get(@Headers('x-session-store-key') key: string | undefined, @Param('kind') kind: string, @Param('id') id: string) {
    this.check(key);
    const t = WebSessionStoreController.target(kind, id);
    const row = await this.sessions.get(t.kind, t.id);
    if (!row) throw new ApiError('SESSION_STORE.NOT_FOUND', 'No existe esa sesión o caducó.', undefined, 404);
    return { data: row.data, expiresAt: row.expiresAt.toISOString(), absoluteExpiresAt: row.absoluteExpiresAt.toISOString() };
  }

  @Put('web-sessions/:kind/:id')
  @HttpCode(204)
  async put(
    @Headers('x-session-store-key') key: string | undefined,
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    this.check(key);
    const t = WebSessionStoreController.target(kind, id);
    const expiresAt = new Date(String(body['expiresAt']));
    const absoluteExpiresAt = new Date(String(body['absoluteExpiresAt']));
    const data = body['data'];
    const latest = Date.now() + MAX_SESSION_HOURS * 3_600_000;
    if (
      !data ||
      typeof data !== 'object' ||
      Array.isArray(data) ||
      !(expiresAt.getTime() > 0) ||
      !(absoluteExpiresAt.getTime() > 0) ||
      absoluteExpiresAt.getTime() > latest
    ) {
      throw new ApiError('VALIDATION.FAILED', 'data, expiresAt y absoluteExpiresAt (a lo sumo 24 horas) son obligatorios', undefined, 400);
    }
    await this.sessions.put({
      ...t,
      data: data as Record<string, unknown>,
      expiresAt: new Date(Math.min(expiresAt.getTime(), absoluteExpiresAt.getTime())),
      absoluteExpiresAt,
    });
    if (Date.now() - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = Date.now();
      this.sessions.sweep().catch((err: unknown) => this.logger.warn({ err }, 'web session sweep failed'));
    }
  }

  @Delete('web-sessions/:kind/:id')
  @HttpCode(204)
  async delete(@Headers('x-session-store-key') key: string | undefined, @Param('kind') kind: string, @Param('id') id: string): Promise<void> {
    this.check(key);
    const t = WebSessionStoreController.target(kind, id);
    await this.sessions.delete(t.kind, t.id);
  }

  /** A sign-in, failed sign-in, sign-out, re-authentication or refused access of the officers' pages. */
  @Post('officer-access')
  @HttpCode(204)
  async officerAccess(@Headers('x-session-store-key') key: string | undefined, @Body() body: Record<string, unknown>): Promise<void> {
    this.check(key);
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
    // The structured log line of every sign-in event (no tokens, no passwords).
    this.logger.info({ officerAccess: entry }, `officer ${entry.event}`);
  }
}
