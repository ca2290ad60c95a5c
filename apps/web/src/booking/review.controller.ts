import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { TFunction } from 'i18next';
import { TramitesApi, type ApiErrorBody, type StartCaseBody } from '../api/api-client';
import type { WebConfig } from '../config';
import { localeOf, tr, type Locale } from '../i18n';
import { setSessionCookie, type BookingDraft, type SessionRequest, type SessionStore } from '../session/session';
import { text, type FieldError } from '../shared/forms';
import { apiErrorText } from '../shared/api-error-text';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { SESSIONS, WEB_CONFIG } from '../shared/tokens';
import { birthDate, provinceName } from './booking-draft';
import { dayIn, documentTypeName, filerName, nationalityIn, procedureName } from './booking-text';
import { pageAsking } from './question-pages';

/** The API's field errors, each naming the question page where it is changed. */
function apiFieldErrors(req: SessionRequest, error: ApiErrorBody, t: TFunction): FieldError[] {
  const fields = error.fields ?? [];
  if (fields.length === 0) return [{ field: 'captchaAnswer', text: apiErrorText(req, error) }];
  return fields.map((f) => {
    const page = pageAsking(f.field);
    return { field: 'captchaAnswer', text: page ? t('booking:revisar.errors.field', { page: page.name(t), message: f.message }) : f.message };
  });
}

/** The API's arithmetic question in the page's language ("¿Cuánto es 3 + 4?"); any other question as it came. */
function captchaQuestion(question: string, t: TFunction): string {
  const m = /^¿Cuánto es (\d+) \+ (\d+)\?$/.exec(question);
  return m ? t('booking:revisar.captchaQuestion', { a: m[1], b: m[2] }) : question;
}

/** The answers of the draft as the API's start. */
function startOf(b: Required<Pick<BookingDraft, 'procedure' | 'filerRole' | 'province' | 'identityNumber' | 'email' | 'mobile' | 'holder'>> & BookingDraft) {
  const h = b.holder;
  return {
    identityNumber: b.identityNumber,
    procedure: b.procedure as StartCaseBody['procedure'],
    filerRole: b.filerRole as StartCaseBody['filerRole'],
    province: b.province as StartCaseBody['province'],
    booker: { email: b.email, mobile: b.mobile },
    holder: {
      fullName: h.fullName ?? '',
      nationality: (h.nationality ?? '') as StartCaseBody['holder']['nationality'],
      documentType: (h.documentType ?? 'passport') as StartCaseBody['holder']['documentType'],
      documentNumber: h.documentNumber ?? '',
      birthDate: birthDate(h.birthDay ?? '', h.birthMonth ?? '', h.birthYear ?? '') ?? '',
    },
    ...(b.employerId ? { employerId: b.employerId } : {}),
    ...(b.filerRole === 'attorney' && b.poder
      ? {
          poder: {
            employerId: b.poder.employerId ?? '',
            attorneyName: b.poder.attorneyName ?? '',
            deedNumber: b.poder.deedNumber ?? '',
            notary: b.poder.notary ?? '',
          },
        }
      : {}),
  };
}

/** The booking's check-answers page: every answer with a link to change it, the captcha, and the start of the case. */
@Controller('turno/revisar')
export class BookingReviewController {
  constructor(
    @Inject(TramitesApi) private readonly api: TramitesApi,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    @Inject(SESSIONS) private readonly sessions: SessionStore,
  ) {}

  @Get()
  async review(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    if (!sessionOf(req).booking.holder?.birthYear) return res.redirect(303, '/turno/titular');
    await this.reviewPage(req, res, []);
  }

  private async reviewPage(req: SessionRequest, res: Response, errors: FieldError[]): Promise<void> {
    const captcha = await this.api.captcha();
    if (!captcha.ok) throw apiFailed(captcha);
    const b = sessionOf(req).booking;
    const h = b.holder ?? {};
    const t = tr(req);
    const locale = localeOf(req);
    const row = (key: string, value: string, href: string) => ({
      key: { text: key },
      value: { text: value },
      actions: { items: [{ href, text: t('booking:revisar.change'), visuallyHiddenText: key }] },
    });
    const born = birthDate(h.birthDay ?? '', h.birthMonth ?? '', h.birthYear ?? '') ?? '1900-01-01';
    const rows = [
      row(t('booking:revisar.rows.procedure'), procedureName(t, b.procedure), '/turno/tramite'),
      row(t('booking:revisar.rows.filer'), filerName(t, b.filerRole), '/turno/quien'),
      row(t('booking:revisar.rows.province'), provinceName(b.province ?? ''), '/turno/provincia'),
      row(t('booking:revisar.rows.identityNumber'), b.identityNumber ?? '', '/turno/contacto'),
      row(t('booking:revisar.rows.email'), b.email ?? '', '/turno/contacto'),
      row(t('booking:revisar.rows.mobile'), b.mobile ?? '', '/turno/contacto'),
      ...(b.employerId ? [row(t('booking:revisar.rows.employerId'), b.employerId, '/turno/contacto')] : []),
      row(t('booking:revisar.rows.fullName'), h.fullName ?? '', '/turno/titular'),
      row(t('booking:revisar.rows.nationality'), nationalityIn(locale, h.nationality), '/turno/nacionalidad'),
      row(t('booking:revisar.rows.document'), `${documentTypeName(t, h.documentType)} ${h.documentNumber ?? ''}`, '/turno/documento'),
      row(t('booking:revisar.rows.birthDate'), dayIn(locale, born), '/turno/nacimiento'),
      ...(b.poder
        ? [
            row(
              t('booking:revisar.rows.poder'),
              t('booking:revisar.poderValue', { deed: b.poder.deedNumber ?? '', notary: b.poder.notary ?? '' }),
              '/turno/poder',
            ),
          ]
        : []),
    ];
    render(
      req,
      res,
      'turno/revisar.njk',
      {
        title: t('booking:revisar.title'),
        backLink: b.filerRole === 'attorney' ? '/turno/poder' : '/turno/nacimiento',
        rows,
        captcha: { ...captcha.data, question: captchaQuestion(captcha.data.question, t) },
        errors,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post()
  async postReview(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const s = sessionOf(req);
    const b = s.booking;
    const h = b.holder;
    if (!h || !b.procedure || !b.filerRole || !b.province || !b.identityNumber || !b.email || !b.mobile) return res.redirect(303, '/turno/tramite');
    const answer = text(body, 'captchaAnswer');
    const t = tr(req);
    if (!answer) return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: t('booking:revisar.errors.captchaMissing') }]);
    // The case's language (its emails and text messages): the page's.
    const start: StartCaseBody & { locale?: Locale } = {
      ...startOf({
        ...b,
        holder: h,
        procedure: b.procedure,
        filerRole: b.filerRole,
        province: b.province,
        identityNumber: b.identityNumber,
        email: b.email,
        mobile: b.mobile,
      }),
      captchaToken: `${text(body, 'captchaId')}:${answer}`,
      locale: localeOf(req),
    };
    s.startKey ??= randomUUID();
    const started = await this.api.startCase(start, s.startKey);
    if (!started.ok) {
      if (started.error.code === 'CAPTCHA.FAILED')
        return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: t('booking:revisar.errors.captchaWrong') }]);
      if (started.error.code === 'RATE.LIMITED') return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: t('booking:revisar.errors.rateLimited') }]);
      if (started.status === 400 || started.status === 422) return this.reviewPage(req, res, apiFieldErrors(req, started.error, t));
      throw apiFailed(started);
    }
    const next = this.sessions.rotate(s);
    req.session = next;
    next.caseId = started.data.caseId;
    next.caseToken = started.data.accessToken;
    next.caseTokenExpiresAt = Date.now() + started.data.expiresInSeconds * 1000;
    delete next.startKey;
    setSessionCookie(res, next, this.config.secureCookies, this.config.sessionMinutes * 60_000);
    res.redirect(303, '/turno/codigo');
  }
}
