import { AsyncLocalStorage } from 'node:async_hooks';
import type { Registry } from 'prom-client';
import { httpMetricsMiddleware } from '@tramites/observability';
import path from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import nunjucks from 'nunjucks';
import { AdminAgenciesController } from './admin/agencies.controller';
import { AdminOfficersController } from './admin/officers.controller';
import { AffiliateIdentityController } from './affiliate-password/identity.controller';
import { AffiliateStartController } from './affiliate-password/start.controller';
import { TramitesApi } from './api/api-client';
import { AuditCaseController } from './audit/audit-case.controller';
import { AuditSearchController } from './audit/audit-search.controller';
import { BookingAppointmentController } from './booking/appointment.controller';
import { BookingWaitingListController } from './booking/waiting-list.controller';
import { CallingScreenController, DeskCallingController } from './calling/calling.controller';
import { BookingCodeController } from './booking/code.controller';
import { BookingQuestionsController } from './booking/questions.controller';
import { BookingReviewController } from './booking/review.controller';
import { ChecklistController } from './checklist/checklist.controller';
import type { WebConfig } from './config';
import { DeskCaseActionsController } from './desk/case-actions.controller';
import { DeskCasePageController } from './desk/case-page.controller';
import { DeskQueuesController } from './desk/queues.controller';
import { SupervisorDayController } from './supervisor/supervisor-day.controller';
import { SupervisorQueueController } from './supervisor/supervisor-queue.controller';
import { AuditAssignmentsController } from './audit/audit-assignments.controller';
import { DeskWalkInController } from './desk/walk-in.controller';
import { DeskWindowController } from './desk/window.controller';
import { EmployerDocumentsController } from './employer-password/documents.controller';
import { EmployerStartController } from './employer-password/start.controller';
import { LegalCaseController } from './legal/legal-case.controller';
import { LegalDeskController } from './legal/legal-desk.controller';
import { LegalListsController } from './legal/legal-lists.controller';
import { OfficeReviewController } from './office/office-review.controller';
import { CredentialUnlockController } from './office/credential-unlock.controller';
import { OfficerAccessLog } from './officer/access-log';
import { CodecProxyController, officerCodecCors } from './officer/codec-proxy.controller';
import { OfficerAuth } from './officer/officer-auth';
import { OfficerSessions, officerSessionMiddleware } from './officer/officer-session';
import { OfficerOidc } from './officer/oidc';
import { SignInController } from './officer/sign-in.controller';
import { PageErrorFilter } from './page-error.filter';
import { FollowCaseController } from './pages/follow-case.controller';
import { LanguageController, languageMiddleware } from './i18n';
import { HomeController } from './pages/home.controller';
import { MyCaseController } from './pages/my-case.controller';
import { PortalPasswordController } from './pages/portal-password.controller';
import { PublicRecordsController } from './pages/public-records.controller';
import { VerificationController } from './pages/verification.controller';
import { SessionStore, sessionMiddleware } from './session/session';
import { serverTimingMiddleware } from './api/server-timing';
import { ApiSessionBackend, InternalApi, MemorySessionBackend, type SessionBackend } from './session/session-backend';
import { errorOf, summaryItems } from './shared/forms';
import { DEED_SCAN_FIELD, multipartForm } from './shared/multipart';
import { OFFICER_AUTH, SESSIONS, WEB_CONFIG } from './shared/tokens';

const WEB_ROOT = path.resolve(__dirname, '..');
/** The address of the applicant whose request is being served (forwarded to the API). */
const clientAddress = new AsyncLocalStorage<string>();
const GOVUK = path.dirname(require.resolve('govuk-frontend/package.json'));
const AUTOCOMPLETE = path.join(path.dirname(require.resolve('accessible-autocomplete/package.json')), 'dist');

/** Security headers of every answer: CSP without inline script, no framing, nothing cached. */
function securityHeaders(secure: boolean, formTargets: string[]) {
  const formAction = ["'self'", ...formTargets].join(' ');
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
    );
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (!req.path.startsWith('/assets/') && !req.path.startsWith('/static/')) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

const OFFICER_CONTROLLERS = [
  SignInController,
  CodecProxyController,
  AuditSearchController,
  AuditCaseController,
  AdminAgenciesController,
  AdminOfficersController,
  DeskQueuesController,
  DeskWalkInController,
  DeskCasePageController,
  DeskCaseActionsController,
  DeskWindowController,
  DeskCallingController,
  LegalListsController,
  LegalDeskController,
  LegalCaseController,
  SupervisorQueueController,
  SupervisorDayController,
  AuditAssignmentsController,
  OfficeReviewController,
  CredentialUnlockController,
];

@Module({})
class WebModule {
  static forRoot(config: WebConfig, sessions: SessionStore, officerAuth: OfficerAuth): DynamicModule {
    return {
      module: WebModule,
      controllers: [
        HomeController,
        LanguageController,
        // The booking's fixed pages before its question pages (/turno/:page).
        BookingReviewController,
        BookingCodeController,
        BookingAppointmentController,
        BookingWaitingListController,
        BookingQuestionsController,
        MyCaseController,
        FollowCaseController,
        ChecklistController,
        AffiliateStartController,
        AffiliateIdentityController,
        EmployerStartController,
        EmployerDocumentsController,
        PortalPasswordController,
        PublicRecordsController,
        VerificationController,
        CallingScreenController,
        ...OFFICER_CONTROLLERS,
      ],
      providers: [
        { provide: APP_FILTER, useClass: PageErrorFilter },
        { provide: WEB_CONFIG, useValue: config },
        { provide: SESSIONS, useValue: sessions },
        { provide: OFFICER_AUTH, useValue: officerAuth },
        { provide: TramitesApi, useValue: new TramitesApi(config.apiBaseUrl, () => clientAddress.getStore(), { timed: config.serverTiming === true }) },
      ],
    };
  }
}

/** The applicant's pages: NestJS rendering Nunjucks with the govuk-frontend components (ADR 0015). */
export async function createWebApp(config: WebConfig, { metrics }: { metrics?: Registry } = {}): Promise<NestExpressApplication> {
  const ttlMs = config.sessionMinutes * 60_000;
  // One store for the public and the officers' sessions, each under its own kind and cookie (ADR 0021).
  const backend: SessionBackend = config.sessionStoreKey ? new ApiSessionBackend(config.apiBaseUrl, config.sessionStoreKey) : new MemorySessionBackend();
  // No officer sign-in, read or action without its access-log row, which the API's store keeps.
  if (config.officerAuth && !config.sessionStoreKey)
    throw new Error("web: bad setting WEB_SESSION_STORE_KEY: required with OIDC_ISSUER_URL (the officers' access log)");
  const sessions = new SessionStore(ttlMs, backend);
  const officerSessions = new OfficerSessions(backend, (config.officerIdleMinutes ?? 30) * 60_000, (config.officerSessionHours ?? 10) * 3_600_000);
  const officerAuth = new OfficerAuth(
    officerSessions,
    new OfficerAccessLog(new InternalApi(config.apiBaseUrl, config.sessionStoreKey ?? '')),
    config.officerAuth ? new OfficerOidc(config.officerAuth) : undefined,
    config.secureCookies,
  );
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(config, sessions, officerAuth), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  app.disable('x-powered-by');
  // Latency by route template and status (ADR 0032), when the process serves metrics.
  if (metrics) app.use(httpMetricsMiddleware(metrics));
  app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  // The sign-out form ends at the officers' provider (its end-session endpoint): a form target too.
  app.use(securityHeaders(config.secureCookies, config.officerAuth ? [new URL(config.officerAuth.issuerUrl).origin] : []));
  // The API calls of each page in a Server-Timing header, when configured (WEB_SERVER_TIMING; the bench, ADR 0035).
  if (config.serverTiming) app.use(serverTimingMiddleware());
  app.use('/assets', express.static(path.join(GOVUK, 'dist/govuk/assets'), { maxAge: '1d', index: false }));
  app.use('/static/govuk', express.static(path.join(GOVUK, 'dist/govuk'), { maxAge: '1d', index: false }));
  // GOV.UK's accessible-autocomplete (the booking's nationality list), served from here as script-src 'self' asks.
  app.use('/static/autocomplete', express.static(AUTOCOMPLETE, { maxAge: '1d', index: false }));
  app.use('/static', express.static(path.join(WEB_ROOT, 'public'), { maxAge: '1h', index: false }));
  app.use(officerCodecCors(config.codecAllowedOrigins ?? []));
  app.useBodyParser('urlencoded', { extended: false, limit: '20kb' });
  // The Temporal Web UI's codec calls (JSON, up to 1,000 payloads) through the officers' pages.
  app.use('/oficina/codec', express.json({ limit: '4mb' }));
  app.use((req: Request, _res: Response, next: NextFunction) => clientAddress.run(req.ip ?? '', next));
  // The applicant's language (a remembered switch; Spanish for the officers), ADR 0031.
  app.use(languageMiddleware());
  const env = nunjucks.configure([path.join(WEB_ROOT, 'views'), path.join(GOVUK, 'dist')], {
    autoescape: true,
    express: app.getHttpAdapter().getInstance(),
    noCache: false,
  });
  env.addGlobal('errorOf', errorOf);
  env.addGlobal('summaryItems', summaryItems);
  app.setViewEngine('njk');
  // The 004 files: read before the session middleware, which checks the form's CSRF token.
  app.use('/clave-empleador/documentos', multipartForm());
  // The window's checklist with the deed's scan (001): many fields, one file.
  app.use('/oficina/escritorio/tramites', multipartForm([DEED_SCAN_FIELD], { fields: 400, onlyPath: /^\/[0-9a-f-]{36}\/ventanilla$/ }));
  app.use(officerSessionMiddleware(officerSessions, config.secureCookies, { oidc: officerAuth.oidc, log: officerAuth.log }));
  app.use(sessionMiddleware(sessions, config.secureCookies, ttlMs));
  app.enableShutdownHooks();
  return app;
}
