import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { caseReference, PROCEDURE_NAMES, type CaseView, type InPersonProcedure } from '@tramites/contracts';
import {
  addBusinessDays,
  ECUADOR_PROVINCES,
  FILER_ROLE_LABELS,
  foldText,
  isBusinessDay,
  getProcedure,
  toLocalDate,
  validateEmail,
  validateMobile,
  type FilerRole,
} from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type ApiErrorBody, type StartCaseBody } from '../api/api-client';
import type { WebConfig } from '../config';
import { setSessionCookie, type BookingDraft, type SessionRequest, type SessionStore, type WebSession } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock, dayInWords, DOCUMENT_TYPES, longDate, NATIONALITIES, STATUS_TEXT } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { confirmationPdf } from '../pdf/confirmation-pdf';
import { render, sessionOf } from '../shared/render';
import { SESSIONS, WEB_CONFIG } from '../shared/tokens';

type Body_ = Record<string, unknown>;

const IN_PERSON: InPersonProcedure[] = ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'];
const API_FILERS: FilerRole[] = ['holder', 'employer', 'attorney', 'authorised_third_party'];
const DAYS_SHOWN = 10;

/** Where each field the API names is asked (its errors link back to that page). */
const FIELD_PAGES: Array<[RegExp, string, string]> = [
  [/^procedure/, '/turno/tramite', 'Trámite'],
  [/^filerRole/, '/turno/quien', 'Quién presenta'],
  [/^province/, '/turno/provincia', 'Provincia'],
  [/^(identityNumber|booker|employerId)/, '/turno/contacto', 'Sus datos'],
  [/^holder/, '/turno/titular', 'Datos del titular'],
  [/^poder/, '/turno/poder', 'Poder notarial'],
];

const filersOf = (procedure: string | undefined) =>
  procedure && (IN_PERSON as string[]).includes(procedure)
    ? getProcedure(procedure as InPersonProcedure).filers.filter((f) => API_FILERS.includes(f.role))
    : [];

/**
 * 000-002, "Verificar IESS turno online" and "Confirmación del Turno en Línea": the question
 * pages of the booking, the emailed code, the agency, day and hour, the confirmation (page and
 * PDF), rescheduling and cancelling. Every rule is the API's; these pages ask and show.
 */
@Controller('turno')
export class BookingController {
  constructor(
    private readonly api: TramitesApi,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    @Inject(SESSIONS) private readonly sessions: SessionStore,
  ) {}

  @Get()
  start(@Req() req: SessionRequest, @Res() res: Response): void {
    render(req, res, 'turno/inicio.njk', { title: 'Reservar un turno', backLink: '/' });
  }

  // --- 1. which procedure -------------------------------------------------------------------
  @Get('tramite')
  procedure(@Req() req: SessionRequest, @Res() res: Response): void {
    this.procedurePage(req, res, sessionOf(req).booking.procedure ?? '', []);
  }

  private procedurePage(req: SessionRequest, res: Response, value: string, errors: FieldError[]): void {
    const items = IN_PERSON.map((p) => ({
      value: p,
      text: PROCEDURE_NAMES[p],
      hint: { text: `Ficha ${getProcedure(p).sheet}. ${getProcedure(p).description}` },
      checked: p === value,
    }));
    render(req, res, 'turno/tramite.njk', { title: '¿Qué trámite va a realizar?', backLink: '/turno', items, errors }, errors.length ? 400 : 200);
  }

  @Post('tramite')
  postProcedure(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): void {
    const value = text(body, 'procedure');
    if (!(IN_PERSON as string[]).includes(value)) return this.procedurePage(req, res, '', [{ field: 'procedure', text: 'Elija el trámite que va a realizar' }]);
    const b = sessionOf(req).booking;
    if (b.procedure !== value) delete b.filerRole;
    b.procedure = value;
    res.redirect(303, '/turno/quien');
  }

  // --- 2. who files --------------------------------------------------------------------------
  @Get('quien')
  filer(@Req() req: SessionRequest, @Res() res: Response): void {
    if (!sessionOf(req).booking.procedure) return res.redirect(303, '/turno/tramite');
    this.filerPage(req, res, sessionOf(req).booking.filerRole ?? '', []);
  }

  private filerPage(req: SessionRequest, res: Response, value: string, errors: FieldError[]): void {
    const items = filersOf(sessionOf(req).booking.procedure).map((f) => ({
      value: f.role,
      text: FILER_ROLE_LABELS[f.role],
      hint: { text: f.description },
      checked: f.role === value,
    }));
    render(req, res, 'turno/quien.njk', { title: '¿Quién presenta el trámite?', backLink: '/turno/tramite', items, errors }, errors.length ? 400 : 200);
  }

  @Post('quien')
  postFiler(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): void {
    const value = text(body, 'filerRole');
    if (!filersOf(sessionOf(req).booking.procedure).some((f) => f.role === value))
      return this.filerPage(req, res, '', [{ field: 'filerRole', text: 'Elija quién presenta el trámite' }]);
    sessionOf(req).booking.filerRole = value;
    res.redirect(303, '/turno/provincia');
  }

  // --- 3. province ---------------------------------------------------------------------------
  @Get('provincia')
  async province(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    if (!sessionOf(req).booking.filerRole) return res.redirect(303, '/turno/quien');
    await this.provincePage(req, res, sessionOf(req).booking.province ?? '', []);
  }

  private async provinces(): Promise<string[] | ApiErrorBody> {
    const r = await this.api.agencies();
    if (!r.ok) return r.error;
    return [...new Set(r.data.items.map((a) => a.province))].sort();
  }

  private async provincePage(req: SessionRequest, res: Response, value: string, errors: FieldError[]): Promise<void> {
    const list = await this.provinces();
    if (!Array.isArray(list)) return this.apiDown(req, res, list);
    const items = [{ value: '', text: 'Elija una provincia' }, ...list.map((p) => ({ value: p, text: provinceName(p), selected: p === value }))];
    render(
      req,
      res,
      'turno/provincia.njk',
      { title: '¿En qué provincia quiere ser atendido?', backLink: '/turno/quien', items, errors },
      errors.length ? 400 : 200,
    );
  }

  @Post('provincia')
  async postProvince(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const value = text(body, 'province');
    const list = await this.provinces();
    if (!Array.isArray(list)) return this.apiDown(req, res, list);
    if (!list.includes(value)) return this.provincePage(req, res, '', [{ field: 'province', text: 'Elija la provincia donde quiere ser atendido' }]);
    const b = sessionOf(req).booking;
    if (b.province !== value) delete b.agencyId;
    b.province = value;
    res.redirect(303, '/turno/contacto');
  }

  // --- 4. the booker: identity number, email, mobile --------------------------------------------
  @Get('contacto')
  contact(@Req() req: SessionRequest, @Res() res: Response): void {
    const b = sessionOf(req).booking;
    if (!b.province) return res.redirect(303, '/turno/provincia');
    this.contactPage(req, res, { identityNumber: b.identityNumber, email: b.email, mobile: b.mobile, employerId: b.employerId }, []);
  }

  private contactPage(req: SessionRequest, res: Response, values: Record<string, string | undefined>, errors: FieldError[]): void {
    const askEmployer = sessionOf(req).booking.procedure === 'FOREIGNER_CODE_EMPLOYMENT';
    render(
      req,
      res,
      'turno/contacto.njk',
      { title: 'Sus datos de contacto', backLink: '/turno/provincia', values, errors, askEmployer },
      errors.length ? 400 : 200,
    );
  }

  @Post('contacto')
  postContact(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): void {
    const values = {
      identityNumber: text(body, 'identityNumber').toUpperCase(),
      email: text(body, 'email'),
      mobile: text(body, 'mobile').replace(/\s/g, ''),
      employerId: text(body, 'employerId'),
    };
    const errors = new FormErrors();
    if (!values.identityNumber) errors.add('identityNumber', 'Escriba su número de identificación');
    else if (!/^[A-Z0-9]{5,20}$/.test(values.identityNumber))
      errors.add('identityNumber', 'El número de identificación debe tener de 5 a 20 letras o números, sin espacios');
    if (!values.email) errors.add('email', 'Escriba su correo electrónico');
    else if (!validateEmail(values.email).ok) errors.add('email', 'Escriba un correo electrónico válido, como nombre@ejemplo.ec');
    if (!values.mobile) errors.add('mobile', 'Escriba su número de celular');
    else if (!validateMobile(values.mobile).ok) errors.add('mobile', 'Escriba un celular ecuatoriano: 09 y 8 dígitos, como 0991234567');
    if (values.employerId && !/^(\d{10}|\d{13})$/.test(values.employerId))
      errors.add('employerId', 'El RUC del empleador debe tener 13 dígitos (o la cédula 10)');
    if (!errors.empty) return this.contactPage(req, res, values, errors.list);
    const b = sessionOf(req).booking;
    Object.assign(b, { identityNumber: values.identityNumber, email: values.email, mobile: values.mobile, employerId: values.employerId || undefined });
    res.redirect(303, '/turno/titular');
  }

  // --- 5. the holder -------------------------------------------------------------------------
  @Get('titular')
  holder(@Req() req: SessionRequest, @Res() res: Response): void {
    const b = sessionOf(req).booking;
    if (!b.email) return res.redirect(303, '/turno/contacto');
    this.holderPage(req, res, b.holder ?? {}, []);
  }

  private holderPage(req: SessionRequest, res: Response, values: NonNullable<BookingDraft['holder']>, errors: FieldError[]): void {
    const nationalities = [
      { value: '', text: 'Elija la nacionalidad' },
      ...NATIONALITIES.map(([v, t]) => ({ value: v, text: t, selected: v === values.nationality })),
    ];
    const documentTypes = Object.entries(DOCUMENT_TYPES).map(([v, t]) => ({ value: v, text: t, checked: v === values.documentType }));
    const own = sessionOf(req).booking.filerRole === 'holder';
    render(
      req,
      res,
      'turno/titular.njk',
      {
        title: own ? 'Sus datos personales' : 'Datos de la persona extranjera',
        backLink: '/turno/contacto',
        values,
        errors,
        nationalities,
        documentTypes,
        own,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('titular')
  postHolder(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): void {
    const v = {
      fullName: text(body, 'fullName'),
      nationality: text(body, 'nationality'),
      documentType: text(body, 'documentType'),
      documentNumber: text(body, 'documentNumber').toUpperCase(),
      birthDay: text(body, 'birthDate-day'),
      birthMonth: text(body, 'birthDate-month'),
      birthYear: text(body, 'birthDate-year'),
    };
    const errors = new FormErrors();
    if (v.fullName.length < 3) errors.add('fullName', 'Escriba los nombres y apellidos completos');
    if (!NATIONALITIES.some(([code]) => code === v.nationality)) errors.add('nationality', 'Elija la nacionalidad');
    if (!DOCUMENT_TYPES[v.documentType]) errors.add('documentType', 'Elija el tipo de documento de identidad');
    if (!/^[A-Z0-9 -]{5,20}$/.test(v.documentNumber)) errors.add('documentNumber', 'El número de documento debe tener de 5 a 20 letras o números');
    const birth = birthDate(v.birthDay, v.birthMonth, v.birthYear);
    if (!birth) errors.add('birthDate-day', 'La fecha de nacimiento debe ser una fecha real, como 12 4 1990');
    else if (birth > toLocalDate(Date.now())) errors.add('birthDate-day', 'La fecha de nacimiento debe ser en el pasado');
    if (!errors.empty) return this.holderPage(req, res, v, errors.list);
    const b = sessionOf(req).booking;
    b.holder = v;
    res.redirect(303, b.filerRole === 'attorney' ? '/turno/poder' : '/turno/revisar');
  }

  // --- 5b. 001 by an attorney: the poder -------------------------------------------------------
  @Get('poder')
  poder(@Req() req: SessionRequest, @Res() res: Response): void {
    const b = sessionOf(req).booking;
    if (!b.holder) return res.redirect(303, '/turno/titular');
    render(req, res, 'turno/poder.njk', { title: 'Datos del poder notarial', backLink: '/turno/titular', values: b.poder ?? {}, errors: [] });
  }

  @Post('poder')
  postPoder(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): void {
    const v = {
      employerId: text(body, 'employerId'),
      attorneyName: text(body, 'attorneyName'),
      deedNumber: text(body, 'deedNumber'),
      notary: text(body, 'notary'),
    };
    const errors = new FormErrors();
    if (!/^(\d{10}|\d{13})$/.test(v.employerId)) errors.add('employerId', 'El RUC del empleador que otorgó el poder debe tener 13 dígitos (o la cédula 10)');
    if (v.attorneyName.length < 3) errors.add('attorneyName', 'Escriba sus nombres y apellidos como constan en el poder');
    if (!v.deedNumber) errors.add('deedNumber', 'Escriba el número de la escritura del poder');
    if (!v.notary) errors.add('notary', 'Escriba la notaría que otorgó el poder');
    if (!errors.empty)
      return render(req, res, 'turno/poder.njk', { title: 'Datos del poder notarial', backLink: '/turno/titular', values: v, errors: errors.list }, 400);
    sessionOf(req).booking.poder = v;
    res.redirect(303, '/turno/revisar');
  }

  // --- 6. check answers, captcha, start ---------------------------------------------------------
  @Get('revisar')
  async review(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    if (!sessionOf(req).booking.holder) return res.redirect(303, '/turno/titular');
    await this.reviewPage(req, res, []);
  }

  private async reviewPage(req: SessionRequest, res: Response, errors: FieldError[]): Promise<void> {
    const captcha = await this.api.captcha();
    if (!captcha.ok) return this.apiDown(req, res, captcha.error);
    const b = sessionOf(req).booking;
    const h = b.holder ?? {};
    const row = (key: string, value: string, href: string, label: string) => ({
      key: { text: key },
      value: { text: value },
      actions: { items: [{ href, text: 'Cambiar', visuallyHiddenText: label }] },
    });
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
      row(
        'Fecha de nacimiento',
        dayInWords(birthDate(h.birthDay ?? '', h.birthMonth ?? '', h.birthYear ?? '') ?? '1900-01-01'),
        '/turno/titular',
        'la fecha de nacimiento',
      ),
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

  @Post('revisar')
  async postReview(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const s = sessionOf(req);
    const b = s.booking;
    const h = b.holder;
    if (!h || !b.procedure || !b.filerRole || !b.province || !b.identityNumber || !b.email || !b.mobile) return res.redirect(303, '/turno/tramite');
    const answer = text(body, 'captchaAnswer');
    if (!answer) return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: 'Escriba el resultado de la operación para comprobar que no es un robot' }]);
    const start: StartCaseBody = {
      identityNumber: b.identityNumber,
      captchaToken: `${text(body, 'captchaId')}:${answer}`,
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
    s.startKey ??= randomUUID();
    const started = await this.api.startCase(start, s.startKey);
    if (!started.ok) {
      if (started.error.code === 'CAPTCHA.FAILED')
        return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: 'El resultado no es correcto o la operación caducó: resuelva la nueva operación' }]);
      if (started.error.code === 'RATE.LIMITED')
        return this.reviewPage(req, res, [{ field: 'captchaAnswer', text: 'Se hicieron demasiados intentos seguidos. Espere un minuto e inténtelo de nuevo' }]);
      if (started.status === 400 || started.status === 422) return this.reviewPage(req, res, apiFieldErrors(started.error));
      return this.apiDown(req, res, started.error);
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

  // --- 7. the emailed code --------------------------------------------------------------------
  @Get('codigo')
  code(@Req() req: SessionRequest, @Res() res: Response, @Query('reenviado') resent?: string): void {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    render(req, res, 'turno/codigo.njk', { title: 'Revise su correo', email: s.booking.email, resent: resent === '1', errors: [], values: {} });
  }

  @Post('codigo')
  async postCode(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    const code = text(body, 'code').replace(/\s/g, '');
    const page = (message: string) =>
      render(
        req,
        res,
        'turno/codigo.njk',
        { title: 'Revise su correo', email: s.booking.email, errors: [{ field: 'code', text: message }], values: { code } },
        400,
      );
    if (!/^\d{6}$/.test(code)) return page('El código de verificación tiene 6 dígitos: escríbalo como llegó en el correo');
    const r = await this.api.verify(s.caseToken, s.caseId, code);
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) return page(r.error.message || 'El código no es correcto');
      return this.apiDown(req, res, r.error);
    }
    if (r.data.status === 'verification_failed')
      return render(req, res, 'error.njk', {
        title: 'No se pudo verificar su correo',
        message: 'Se agotaron los intentos del código de verificación. Vuelva a reservar el turno desde el inicio.',
        restart: '/turno',
      });
    if (r.data.status === 'awaiting_verification') return page(`El código no es correcto. Le quedan ${r.data.verification.attemptsLeft} intento(s)`);
    res.redirect(303, '/turno/agencia');
  }

  @Post('codigo/reenviar')
  async resend(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    const r = await this.api.resendCode(s.caseToken, s.caseId);
    if (!r.ok)
      return render(
        req,
        res,
        'turno/codigo.njk',
        { title: 'Revise su correo', email: s.booking.email, errors: [{ field: 'code', text: r.error.message }], values: {} },
        400,
      );
    res.redirect(303, '/turno/codigo?reenviado=1');
  }

  // --- 8. agency -------------------------------------------------------------------------------
  @Get('agencia')
  async agency(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    if (!this.hasCase(sessionOf(req))) return this.noCase(req, res);
    await this.agencyPage(req, res, sessionOf(req).booking.agencyId ?? '', []);
  }

  private async agencyPage(req: SessionRequest, res: Response, value: string, errors: FieldError[]): Promise<void> {
    const r = await this.api.agencies(sessionOf(req).booking.province);
    if (!r.ok) return this.apiDown(req, res, r.error);
    const items = r.data.items.map((a) => ({
      value: a.id,
      text: a.name,
      hint: { text: `${a.address}. Atención de ${a.opensAt} a ${a.closesAt}, de lunes a viernes.` },
      checked: a.id === value,
    }));
    render(
      req,
      res,
      'turno/agencia.njk',
      { title: '¿En qué agencia quiere ser atendido?', items, errors, province: provinceName(sessionOf(req).booking.province ?? '') },
      errors.length ? 400 : 200,
    );
  }

  @Post('agencia')
  async postAgency(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    if (!this.hasCase(sessionOf(req))) return this.noCase(req, res);
    const value = text(body, 'agencyId');
    const r = await this.api.agencies(sessionOf(req).booking.province);
    if (!r.ok) return this.apiDown(req, res, r.error);
    if (!r.data.items.some((a) => a.id === value))
      return this.agencyPage(req, res, '', [{ field: 'agencyId', text: 'Elija la agencia donde quiere ser atendido' }]);
    sessionOf(req).booking.agencyId = value;
    res.redirect(303, '/turno/fecha');
  }

  // --- 9. day and hour -------------------------------------------------------------------------
  @Get('fecha')
  async date(@Req() req: SessionRequest, @Res() res: Response, @Query('dia') day?: string): Promise<void> {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    if (!s.booking.agencyId) return res.redirect(303, '/turno/agencia');
    await this.datePage(req, res, day, []);
  }

  private async datePage(req: SessionRequest, res: Response, day: string | undefined, errors: FieldError[]): Promise<void> {
    const s = sessionOf(req);
    const today = toLocalDate(Date.now());
    // Today too (its later hours), then the next business days; the API decides which have seats.
    const days = [...(isBusinessDay(today) ? [today] : []), ...Array.from({ length: DAYS_SHOWN }, (_, i) => addBusinessDays(today, i + 1))];
    const chosen = day && /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= today ? day : undefined;
    let slots: Array<{ value: string; text: string; hint: { text: string } }> = [];
    if (chosen) {
      const r = await this.api.availability(s.booking.agencyId ?? '', chosen);
      if (!r.ok) return this.apiDown(req, res, r.error);
      slots = r.data.items.map((slot) => ({
        value: slot.slotId,
        text: clock(slot.startsAt),
        hint: { text: `${slot.available} cupo${slot.available === 1 ? '' : 's'} libre${slot.available === 1 ? '' : 's'}` },
      }));
    }
    const current = await this.api.getCase(s.caseToken ?? '', s.caseId ?? '');
    const rescheduling = current.ok && Boolean(current.data.appointment);
    render(
      req,
      res,
      'turno/fecha.njk',
      {
        title: rescheduling ? 'Elija el nuevo día y hora' : 'Elija el día y la hora',
        backLink: rescheduling ? '/turno/confirmacion' : '/turno/agencia',
        days: days.map((d) => ({ day: d, text: dayInWords(d), current: d === chosen })),
        chosen,
        chosenText: chosen ? dayInWords(chosen) : '',
        slots,
        errors,
        rescheduling,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('fecha')
  async postDate(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    const day = text(body, 'dia');
    const slotId = text(body, 'slotId');
    if (!slotId) return this.datePage(req, res, day, [{ field: 'slotId', text: 'Elija la hora del turno' }]);
    const current = await this.api.getCase(s.caseToken, s.caseId);
    if (!current.ok) return this.apiDown(req, res, current.error);
    const r = current.data.appointment ? await this.api.reschedule(s.caseToken, s.caseId, slotId) : await this.api.book(s.caseToken, s.caseId, slotId);
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) return this.datePage(req, res, day, [{ field: 'slotId', text: r.error.message }]);
      return this.apiDown(req, res, r.error);
    }
    res.redirect(303, '/turno/confirmacion');
  }

  // --- 10. "Confirmación del Turno en Línea" ---------------------------------------------------
  @Get('confirmacion')
  async confirmation(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    const r = await this.api.getCase(s.caseToken, s.caseId);
    if (!r.ok) return this.apiDown(req, res, r.error);
    const view = r.data;
    if (!view.appointment) return res.redirect(303, view.status === 'awaiting_verification' ? '/turno/codigo' : '/turno/fecha');
    render(req, res, 'turno/confirmacion.njk', {
      title: 'Confirmación del Turno en Línea',
      ...this.confirmationFacts(view),
      // «¿No puede asistir?»: the change and the cancellation of the turno, as the API lists them.
      active: actionsAllowed(view).reschedule,
      checklistHref: `/requisitos/${view.procedure}/${view.filerRole}`,
    });
  }

  @Get('confirmacion.pdf')
  async confirmationPdf(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    const r = await this.api.getCase(s.caseToken, s.caseId);
    if (!r.ok) return this.apiDown(req, res, r.error);
    if (!r.data.appointment) return res.redirect(303, '/turno/confirmacion');
    const pdf = await confirmationPdf(this.confirmationFacts(r.data));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'attachment; filename="confirmacion-turno.pdf"');
    res.send(pdf);
  }

  private confirmationFacts(view: CaseView) {
    const a = view.appointment;
    return {
      caseReference: caseReference(view.caseId),
      appointmentReference: a?.reference ?? '',
      procedureName: PROCEDURE_NAMES[view.procedure],
      sheet: getProcedure(view.procedure).sheet,
      filer: FILER_ROLE_LABELS[view.filerRole],
      holderName: view.holder.fullName,
      agencyName: a?.agencyName ?? '',
      day: a ? longDate(a.startsAt) : '',
      time: a ? clock(a.startsAt) : '',
      status: STATUS_TEXT[view.status],
      serviceName: getProcedure(view.procedure).channels[0]?.appointmentServiceName ?? PROCEDURE_NAMES[view.procedure],
    };
  }

  // --- 11. cancel ------------------------------------------------------------------------------
  @Get('cancelar')
  cancelPage(@Req() req: SessionRequest, @Res() res: Response): void {
    if (!this.hasCase(sessionOf(req))) return this.noCase(req, res);
    render(req, res, 'turno/cancelar.njk', { title: '¿Quiere cancelar su turno?', backLink: '/turno/confirmacion', errors: [], values: {} });
  }

  @Post('cancelar')
  async postCancel(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const s = sessionOf(req);
    if (!this.hasCase(s)) return this.noCase(req, res);
    const reason = text(body, 'reason');
    const again = (message: string) =>
      render(
        req,
        res,
        'turno/cancelar.njk',
        { title: '¿Quiere cancelar su turno?', backLink: '/turno/confirmacion', errors: [{ field: 'reason', text: message }], values: { reason } },
        400,
      );
    if (reason.length < 3) return again('Escriba el motivo de la cancelación (3 caracteres o más)');
    const r = await this.api.cancel(s.caseToken, s.caseId, reason);
    if (!r.ok) return r.status === 422 || r.status === 400 ? again(r.error.message) : this.apiDown(req, res, r.error);
    render(req, res, 'turno/cancelado.njk', { title: 'Turno cancelado', caseReference: caseReference(s.caseId) });
  }

  // --- helpers ---------------------------------------------------------------------------------
  private hasCase(s: WebSession): s is WebSession & { caseId: string; caseToken: string } {
    return Boolean(s.caseId && s.caseToken && (s.caseTokenExpiresAt ?? 0) > Date.now());
  }

  private noCase(req: SessionRequest, res: Response): void {
    render(
      req,
      res,
      'error.njk',
      {
        title: 'No hay un turno en curso',
        message: 'Su sesión terminó o aún no ha iniciado la reserva. Empiece de nuevo: solo necesita su número de identificación, un correo y un celular.',
        restart: '/turno',
      },
      404,
    );
  }

  private apiDown(req: SessionRequest, res: Response, error: ApiErrorBody): void {
    render(
      req,
      res,
      'error.njk',
      { title: 'No pudimos completar su solicitud', message: error.message || 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.' },
      503,
    );
  }
}

/** "YYYY-MM-DD" from the three boxes, or undefined when it is not a real date. */
function birthDate(day: string, month: string, year: string): string | undefined {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso && Number(year) >= 1900 ? iso : undefined;
}

/** "LOS RIOS" → "Los Ríos", from the catalogue of provinces. */
function provinceName(upper: string): string {
  return ECUADOR_PROVINCES.find((p) => foldText(p.name) === foldText(upper))?.name ?? upper;
}

/** The API's field errors, each naming the page where it is changed. */
function apiFieldErrors(error: ApiErrorBody): FieldError[] {
  const fields = error.fields ?? [];
  if (fields.length === 0) return [{ field: 'captchaAnswer', text: error.message }];
  return fields.map((f) => {
    const page = FIELD_PAGES.find(([re]) => re.test(f.field));
    return { field: 'captchaAnswer', text: page ? `${page[2]}: ${f.message}. Cámbielo en «${page[2]}».` : f.message };
  });
}
