import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { renderOfficer } from './officer/officer-auth';
import { OFFICER_PATH, type OfficerRequest } from './officer/officer-session';
import type { SessionRequest } from './session/session';
import { localeOf } from './i18n';
import { PageAnswered, PageError, pageErrorWords } from './shared/page-error';
import { render } from './shared/render';
import { currentTraceId } from '@tramites/observability';

/** The one error renderer: a `PageError` as the officers' error page under /oficina, the public one elsewhere. */
@Catch(PageError, PageAnswered)
export class PageErrorFilter implements ExceptionFilter {
  catch(error: PageError | PageAnswered, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<OfficerRequest & SessionRequest>();
    const res = http.getResponse<Response>();
    if (error instanceof PageAnswered || res.headersSent) return;
    // With traces on, the page names its trace (traceId), so a person's report of it finds the request (ADR 0032).
    const traceId = currentTraceId();
    const context = { ...pageErrorWords(error, localeOf(req)), ...(error.restart ? { restart: error.restart } : {}), ...(traceId ? { traceId } : {}) };
    const officers = req.path === OFFICER_PATH || req.path.startsWith(`${OFFICER_PATH}/`);
    if (officers) renderOfficer(req, res, 'oficina/error.njk', context, error.status);
    else render(req, res, 'error.njk', context, error.status);
  }
}
