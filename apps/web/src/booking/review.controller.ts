import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { PROCEDURE_NAMES, type InPersonProcedure } from '@tramites/contracts';
import { FILER_ROLE_LABELS, type FilerRole } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type ApiErrorBody, type StartCaseBody } from '../api/api-client';
import type { WebConfig } from '../config';
import { setSessionCookie, type BookingDraft, type SessionRequest, type SessionStore } from '../session/session';
import { dayInWords, DOCUMENT_TYPES, NATIONALITIES } from '../shared/format';
import { text, type FieldError } from '../shared/forms';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { SESSIONS, WEB_CONFIG } from '../shared/tokens';
import { birthDate, provinceName } from './booking-draft';
import { pageAsking } from './question-pages';

/** The API's field errors, each naming the question page where it is changed. */
function apiFieldErrors(error: ApiErrorBody): FieldError[] {
  const fields = error.fields ?? [];
  if (fields.length === 0) return [{ field: 'captchaAnswer', text: error.message }];
  return fields.map((f) => {
    const page = pageAsking(f.field);
    return { field: 'captchaAnswer', text: page ? `${page.name}: ${f.message}. Cámbielo en «${page.name}».` : f.message };
  });
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
    if (!sessionOf(req).booking.holder) return res.redirect(303, '/turno/titular');
    await this.reviewPage(req, res, []);
  }

  private async reviewPage(req: SessionRequest, res: Response, errors: FieldError[]): Promise<void> {
    const captcha = await this.api.captcha();
    if (!captcha.ok) throw apiFailed(captcha);
    const b = sessionOf(req).booking;
    const h = b.holder ?? {};
    const row = (key: string, value: string, href: string, label: string) => ({
      key: { text: key },
      value: { text: value },
      actions: { items: [{ href, text: 'Cambiar', visuallyHiddenText: label }] },
    });
    const born = birthDate(h.birthDay ?? '', h.birthMonth ?? '', h.birthYear ?? '') ?? '1900-01-01';
    const rows = [
      row('Trámite', PROCEDURE_NAMES[b.procedure as InPersonProcedure] ?? '', '/turno/tramite', 'el trámite'),
      row('Quién presenta', FILER_ROLE_LABELS[b.filerRole as FilerRole] ?? '', '/turno/quien', 'quién presenta'),
      row('Provincia', provinceName(b.province ?? ''), '/turno/provincia', 'la provincia'),
      row('Número de identificación', b.identityNumber ?? '', '/turno/contacto', 'el número de identificación'),
      row('Correo electrónico', b.email ?? '', '/turno/contacto', 'el correo electrónico'),
      row('Celular', b.mobile ?? '', '/turno/contacto', 'el celular'),
      ...(b.employerId ? [row('RUC del empleador', b.employerId, '/turno/contacto', 'el RUC del empleador')] : []),
      row('Nombres y apellidos del titular', h.fullName ?? '', '/turno/titular', 'los nombres del titular'),
      row('Nacionalidad', NATIONALITIES.find(([c]) => c === h.nationality)?.[1] ?? '', '/turno/titular', 'la nacionalidad'),
      row('Documento', `${DOCUMENT_TYPES[h.documentType ?? ''] ?? ''} ${h.documentNumber ?? ''}`, '/turno/titular', 'el documento'),
      row('Fecha de nacimiento', dayInWords(born), '/turno/titular', 'la fecha de nacimiento'),
      ...(b.poder ? [row('Poder notarial', `Escritura ${b.poder.deedNumber ?? ''}, ${b.poder.notary ?? ''}`, '/turno/poder', 'el poder notarial')] : []),
    ];
    render(
      req,
      res,
      'turno/revisar.njk',
      { title: 'Revise sus respuestas antes de continuar', backLink: '/turno/titular', rows, captcha: captcha.data, errors },
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
    if (!answer) return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: 'Escriba el resultado de la operación para comprobar que no es un robot' }]);
    const start: StartCaseBody = {
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
    };
    s.startKey ??= randomUUID();
    const started = await this.api.startCase(start, s.startKey);
    if (!started.ok) {
      if (started.error.code === 'CAPTCHA.FAILED')
        return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: 'El resultado no es correcto o la operación caducó: resuelva la nueva operación' }]);
      if (started.error.code === 'RATE.LIMITED')
        return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: 'Se hicieron demasiados intentos seguidos. Espere un minuto e inténtelo de nuevo' }]);
      if (started.status === 400 || started.status === 422) return this.reviewPage(req, res, apiFieldErrors(started.error));
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
