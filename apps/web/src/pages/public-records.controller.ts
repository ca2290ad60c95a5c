import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type { SessionRequest } from '../session/session';
import { longDate } from '../shared/format';
import { text } from '../shared/forms';
import { errorPage } from '../shared/page-error';
import { render } from '../shared/render';

const BAR_MAX_PX = 200;

/**
 * Public pages over the API's public records: `/verificacion` (type a document's
 * number, or open the QR code's link) and `/transparencia` (the monthly table of each sheet,
 * with a chart drawn on the server and its CSV).
 */
@Controller()
export class PublicRecordsController {
  constructor(private readonly api: TramitesApi) {}

  @Get('verificacion')
  async verification(@Req() req: SessionRequest, @Res() res: Response, @Query('t') qr?: string): Promise<void> {
    if (qr === undefined)
      return render(req, res, 'verificacion/index.njk', { title: 'Verificar un documento del IESS', backLink: '/', values: {}, errors: [] });
    const r = await this.api.verifyQrToken(qr);
    if (!r.ok)
      return render(
        req,
        res,
        'verificacion/index.njk',
        { title: 'Verificar un documento del IESS', values: {}, errors: [{ field: 'numero', text: r.error.message }] },
        r.status === 400 ? 400 : 503,
      );
    const d = r.data.document;
    render(req, res, 'verificacion/resultado.njk', {
      title: r.data.valid && r.data.registered ? 'Documento auténtico' : 'Documento no válido',
      genuine: r.data.valid && r.data.registered,
      message: r.data.message,
      rows: d
        ? [
            ['Documento', d.typeLabel],
            ['Número de verificación', d.verificationNumber],
            ['Titular', d.holderName],
            ['Emitido', longDate(d.issuedAt)],
            ...(d.code ? [['Código', d.code]] : []),
          ].map(([k, v]) => ({ key: { text: k }, value: { text: v } }))
        : [],
    });
  }

  @Post('verificacion')
  async lookup(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const number = text(body, 'numero').toUpperCase();
    const again = (message: string, status = 400) =>
      render(
        req,
        res,
        'verificacion/index.njk',
        { title: 'Verificar un documento del IESS', backLink: '/', values: { numero: number }, errors: [{ field: 'numero', text: message }] },
        status,
      );
    if (!number) return again('Escriba el número de verificación impreso en el documento');
    const r = await this.api.lookupVerificationNumber(number);
    if (!r.ok) return r.status === 400 ? again('El número no es válido: revise que lo copió completo, como VN-2026-7K3M-Q9XD-2H') : again(r.error.message, 503);
    const d = r.data.document;
    render(req, res, 'verificacion/resultado.njk', {
      title: r.data.exists ? 'El IESS emitió este documento' : 'No hay un documento con ese número',
      genuine: r.data.exists,
      message: r.data.message,
      rows: d
        ? [
            ['Número de verificación', r.data.verificationNumber],
            ['Documento', d.typeLabel],
            ['Emitido', longDate(d.issuedAt)],
            ...(d.holderInitials ? [['Titular (iniciales)', d.holderInitials]] : []),
          ].map(([k, v]) => ({ key: { text: k }, value: { text: v } }))
        : [],
    });
  }

  @Get('transparencia')
  async transparency(@Req() req: SessionRequest, @Res() res: Response, @Query('anio') year?: string): Promise<void> {
    const chosen = year && /^\d{4}$/.test(year) ? year : undefined;
    const r = await this.api.transparency(chosen);
    if (!r.ok) throw errorPage(r.status === 400 ? 400 : 503, { title: 'No pudimos mostrar la transparencia', message: r.error.message });
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
    render(req, res, 'transparencia/index.njk', { title: `Transparencia ${report.year}`, backLink: '/', report, procedures, year: report.year });
  }

  @Get('transparencia.csv')
  async csv(@Req() req: SessionRequest, @Res() res: Response, @Query('anio') year?: string): Promise<void> {
    const chosen = year && /^\d{4}$/.test(year) ? year : undefined;
    const r = await this.api.transparencyCsv(chosen);
    if (!r.ok) throw errorPage(503, { title: 'No pudimos preparar el CSV', message: r.error.message });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="transparencia-${chosen ?? new Date().getFullYear()}.csv"`);
    res.send(r.data);
  }
}
