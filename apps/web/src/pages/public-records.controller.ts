import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
import { errorPage } from '../shared/page-error';
import { render } from '../shared/render';
import { agencyPage, agencyRows } from './agency-pages';
import { monthNameIn } from './local-time';

const BAR_MAX_PX = 200;

/**
 * Public pages over the API's public records (`/verificacion` has a controller of its own,
 * verification.controller.ts): `/transparencia` (the monthly table of each sheet,
 * with a chart drawn on the server and its CSV), and beside it `/agencias` and `/agencias/:id`
 * (each agency's next free day, recent wait and time to answer: agency-pages.ts).
 */
@Controller()
export class PublicRecordsController {
  constructor(private readonly api: TramitesApi) {}

  @Get('transparencia')
  async transparency(@Req() req: SessionRequest, @Res() res: Response, @Query('anio') year?: string): Promise<void> {
    const t = tr(req);
    const chosen = year && /^\d{4}$/.test(year) ? year : undefined;
    const r = await this.api.transparency(chosen);
    if (!r.ok) throw errorPage(r.status === 400 ? 400 : 503, { title: t('transparency:report.unavailable'), message: apiErrorText(req, r.error) });
    const report = r.data;
    const max = Math.max(1, ...report.procedures.flatMap((p) => p.rows.flatMap((row) => [row.attended, row.complaints])));
    const locale = localeOf(req);
    const procedures = report.procedures.map((p) => ({
      ...p,
      // The sheets' names stay authoritative in Spanish; English beside them (ADR 0031).
      name: locale === 'es' ? p.name : `${t(`booking:procedures.${p.procedure}.name`, { defaultValue: p.name })} (${p.name})`,
      rows: p.rows.map((row) => ({ ...row, monthName: monthNameIn(locale, row.month) })),
      bars: p.rows.map((row) => ({
        ...row,
        monthName: monthNameIn(locale, row.month),
        attendedPx: Math.round((row.attended / max) * BAR_MAX_PX),
        complaintsPx: Math.round((row.complaints / max) * BAR_MAX_PX),
      })),
    }));
    render(req, res, 'transparencia/index.njk', {
      title: t('transparency:report.title', { year: report.year }),
      backLink: '/',
      report,
      procedures,
      year: report.year,
    });
  }

  @Get('agencias')
  async agencies(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const t = tr(req);
    const r = await this.api.agencyFigures();
    if (!r.ok) throw errorPage(503, { title: t('transparency:agencies.unavailable'), message: apiErrorText(req, r.error) });
    render(req, res, 'transparencia/agencias.njk', {
      title: t('transparency:agencies.title'),
      backLink: '/transparencia',
      agencies: agencyRows(t, localeOf(req), r.data.items),
    });
  }

  @Get('agencias/:agencyId')
  async agency(@Req() req: SessionRequest, @Res() res: Response, @Param('agencyId') agencyId: string): Promise<void> {
    const t = tr(req);
    const r = await this.api.agencyReport(agencyId);
    if (!r.ok)
      throw errorPage(r.status === 404 ? 404 : 503, {
        title: r.status === 404 ? t('transparency:agency.notFound') : t('transparency:agencies.unavailable'),
        message: apiErrorText(req, r.error),
        restart: '/agencias',
      });
    render(req, res, 'transparencia/agencia.njk', {
      title: r.data.name,
      backLink: '/agencias',
      agencyId: r.data.agencyId,
      ...agencyPage(t, localeOf(req), r.data),
    });
  }

  @Get('transparencia.csv')
  async csv(@Req() req: SessionRequest, @Res() res: Response, @Query('anio') year?: string): Promise<void> {
    const chosen = year && /^\d{4}$/.test(year) ? year : undefined;
    const r = await this.api.transparencyCsv(chosen);
    if (!r.ok) throw errorPage(503, { title: tr(req)('transparency:report.csvUnavailable'), message: apiErrorText(req, r.error) });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="transparencia-${chosen ?? new Date().getFullYear()}.csv"`);
    res.send(r.data);
  }
}
