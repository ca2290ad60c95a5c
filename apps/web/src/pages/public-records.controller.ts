import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type { SessionRequest } from '../session/session';
import { errorPage } from '../shared/page-error';
import { render } from '../shared/render';

const BAR_MAX_PX = 200;

/**
 * Public pages over the API's public records (`/verificacion` has a controller of its own,
 * verification.controller.ts): `/transparencia` (the monthly table of each sheet,
 * with a chart drawn on the server and its CSV).
 */
@Controller()
export class PublicRecordsController {
  constructor(private readonly api: TramitesApi) {}

  @Get('transparencia')
  async transparency(@Req() req: SessionRequest, @Res() res: Response, @Query('anio') year?: string): Promise<void> {
    const chosen = year && /^\d{4}$/.test(year) ? year : undefined;
    const r = await this.api.transparency(chosen);
    if (!r.ok)
      throw errorPage(r.status === 400 ? 400 : 503, {
        title: 'No pudimos mostrar la transparencia',
        message: r.error.message,
      });
    const report = r.data;
    const max = Math.max(1, ...report.procedures.flatMap((p) => p.rows.flatMap((row) => [row.attended, row.complaints])));
    const procedures = report.procedures.map((p) => ({
      ...p,
      bars: p.rows.map((row) => ({
        ...row,
        attendedPx: Math.round((row.attended / max) * BAR_MAX_PX),
        complaintsPx: Math.round((row.complaints / max) * BAR_MAX_PX),
      })),
    }));
    render(req, res, 'transparencia/index.njk', {
      title: `Transparencia ${report.year}`,
      backLink: '/',
      report,
      procedures,
      year: report.year,
    });
  }

  @Get('transparencia.csv')
  async csv(@Req() req: SessionRequest, @Res() res: Response, @Query('anio') year?: string): Promise<void> {
    const chosen = year && /^\d{4}$/.test(year) ? year : undefined;
    const r = await this.api.transparencyCsv(chosen);
    if (!r.ok)
      throw errorPage(503, {
        title: 'No pudimos preparar el CSV',
        message: r.error.message,
      });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="transparencia-${chosen ?? new Date().getFullYear()}.csv"`);
    res.send(r.data);
  }
}
