import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { TFunction } from 'i18next';
import { TramitesApi } from '../api/api-client';
import { localeOf, tr, type LocalizedRequest } from '../i18n';
import type { SessionRequest } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
import { text } from '../shared/forms';
import { render } from '../shared/render';
import { dayIn } from './local-time';

type Request_ = SessionRequest & LocalizedRequest;

/** The document's type in the page's language; in English the type's Spanish name beside it. */
function typeOf(req: Request_, t: TFunction, type: string, spanish: string): string {
  const key = `verification:type.${type}`;
  if (localeOf(req) === 'es' || !t(key, { defaultValue: '' })) return spanish;
  return `${t(key)} (${spanish})`;
}

const rowsOf = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => ({ key: { text: k }, value: { text: v } }));

/**
 * `/verificacion`: whoever holds an issued document (an employer, a bank) types its verification
 * number, or opens its QR code's link, and reads the IESS's answer in Spanish or English. The API
 * answers in Spanish: in Spanish its words stand; in English the page says the same outcome from
 * the `verification` namespace.
 */
@Controller('verificacion')
export class VerificationController {
  constructor(private readonly api: TramitesApi) {}

  private form(req: Request_, res: Response, values: Record<string, string>, errors: Array<{ field: string; text: string }>, status = 200): void {
    render(req, res, 'verificacion/index.njk', { title: tr(req)('verification:title'), backLink: '/', values, errors }, status);
  }

  @Get()
  async verification(@Req() req: Request_, @Res() res: Response, @Query('t') qr?: string): Promise<void> {
    if (qr === undefined) return this.form(req, res, {}, []);
    const r = await this.api.verifyQrToken(qr);
    if (!r.ok) return this.form(req, res, {}, [{ field: 'numero', text: apiErrorText(req, r.error) }], r.status === 400 ? 400 : 503);
    const t = tr(req);
    const english = localeOf(req) !== 'es';
    const d = r.data.document;
    const genuine = r.data.valid && r.data.registered;
    const reason = r.data.reason;
    const translated = genuine
      ? t('verification:message.genuine')
      : r.data.valid
        ? t('verification:message.signedNotRegistered')
        : reason && t(`verification:message.${reason}`, { defaultValue: '' })
          ? t(`verification:message.${reason}`)
          : r.data.message;
    render(req, res, 'verificacion/resultado.njk', {
      title: t(genuine ? 'verification:result.genuine' : 'verification:result.notValid'),
      genuine,
      message: english ? translated : r.data.message,
      rows: d
        ? rowsOf([
            [t('verification:rows.document'), typeOf(req, t, d.type, d.typeLabel)],
            [t('verification:rows.number'), d.verificationNumber],
            [t('verification:rows.holder'), d.holderName],
            [t('verification:rows.issued'), dayIn(localeOf(req), d.issuedAt)],
            ...(d.code ? ([[t('verification:rows.code'), d.code]] as Array<[string, string]>) : []),
          ])
        : [],
    });
  }

  @Post()
  async lookup(@Req() req: Request_, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const number = text(body, 'numero').toUpperCase();
    if (!number) return this.form(req, res, { numero: number }, [{ field: 'numero', text: t('verification:errors.required') }], 400);
    const r = await this.api.lookupVerificationNumber(number);
    if (!r.ok) {
      if (r.status === 400) return this.form(req, res, { numero: number }, [{ field: 'numero', text: t('verification:errors.invalid') }], 400);
      return this.form(req, res, { numero: number }, [{ field: 'numero', text: apiErrorText(req, r.error) }], 503);
    }
    const d = r.data.document;
    const english = localeOf(req) !== 'es';
    const type = d ? typeOf(req, t, d.type, d.typeLabel) : '';
    render(req, res, 'verificacion/resultado.njk', {
      title: t(r.data.exists ? 'verification:result.issued' : 'verification:result.unknown'),
      genuine: r.data.exists,
      message: english ? t(r.data.exists ? 'verification:message.exists' : 'verification:message.missing', { type }) : r.data.message,
      rows: d
        ? rowsOf([
            [t('verification:rows.number'), r.data.verificationNumber],
            [t('verification:rows.document'), type],
            [t('verification:rows.issued'), dayIn(localeOf(req), d.issuedAt)],
            ...(d.holderInitials ? ([[t('verification:rows.initials'), d.holderInitials]] as Array<[string, string]>) : []),
          ])
        : [],
    });
  }
}
