import { createHash } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { PROCEDURE_NAMES } from '@tramites/contracts';
import { addBusinessDays, toLocalDate } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type DeskBookingBody, type OpenCaseBody } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { clock, dayInWords, DOCUMENT_TYPES, FILER_IDENTITY_TYPES, longDate, nationalityOptions, VULNERABLE_GROUPS } from '../shared/format';
import { text, type FieldError } from '../shared/forms';
import { casePath, DESK_PATH } from './desk-paths';
import { flash } from '../officer/flash';
import { apiFailed, errorPage } from '../shared/page-error';
import { EMPLOYER_PASSWORD, EMPLOYER_PASSWORD_FIELDS, employerPasswordOpening, isEmployerPassword } from './employer-password-walk-in';
import { API_FIELDS, check, DESK_PROCEDURES, FILER_CHOICES, HOLDER_DOCUMENT_CHOICES, isWalkIn, NO_GROUP, openingOf, read, type Values } from './walk-in-form';

/** How many business days ahead the page looks for free seats when today is full. */
const DAYS_LOOKED_AT = 10;
/** The field a refusal of the sheet's eligibility is about: who files, the employer, else the holder's document. */
const ELIGIBILITY_FIELDS: Record<string, string> = {
  'ELIGIBILITY.FILER_NOT_ALLOWED': 'filerRole',
  'ELIGIBILITY.EMPLOYER_NOT_REGISTERED': 'employerId',
  'PORTAL.KEY_REQUEST_MISSING': 'employerId',
};
/** 004's refusals, each with what the officer can do next. */
const EMPLOYER_PASSWORD_NEXT: Record<string, string> = {
  'ELIGIBILITY.EMPLOYER_NOT_REGISTERED':
    'No consta en el registro de empleadores: revise el número con la persona; si es correcto, el empleador se registra primero y vuelve con un nuevo turno.',
  'PORTAL.KEY_REQUEST_MISSING': 'La persona vuelve con la «Solicitud de entrega de clave» impresa y firmada, y un nuevo turno.',
};
const sheetsText = (sheets: string[]): string => `ficha${sheets.length > 1 ? 's' : ''} ${sheets.join(', ')}`;

/**
 * Whoever comes to the desk without a turno (ADR 0030), for every procedure filed in person (000,
 * 001, 002), by whoever its sheet lets file, with the identity documents it accepts. A vulnerable
 * group's 001 opens at once, checked in (001, NOTA). Anyone else has the online turno booked here
 * on their behalf with the booking's own rules: today's first free seat of the officer's agency
 * (the arrival recorded at once, the officer lands on the case), or, when today is full, a day the
 * officer chooses; the confirmation goes to the person's email. A 004 (ADR 0030, amended) comes with
 * its turno: opened at once with the confirmation's reference, for the window's documents.
 */
@Controller('oficina/escritorio/sin-turno')
@OfficerPage('case_manager')
export class DeskWalkInController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  walkInPage(@Req() req: OfficerRequest, @Res() res: Response): void {
    this.renderWalkIn(req, res, read({}), []);
  }

  private renderWalkIn(
    req: OfficerRequest,
    res: Response,
    values: Values,
    errors: FieldError[],
    status = 200,
    days: Array<{ day: string; seats: number }> = [],
  ): void {
    renderOfficer(
      req,
      res,
      'oficina/escritorio/sin-turno.njk',
      {
        title: 'Atender a quien llega sin turno',
        backLink: DESK_PATH,
        values,
        errors,
        procedures: DESK_PROCEDURES.map((p) => ({
          value: p.type as string,
          text: `${p.sheet} · ${PROCEDURE_NAMES[p.type]}`,
          hint: {
            text: p.walkIn
              ? 'Grupos vulnerables: sin turno (ficha 001, NOTA). Los demás: turno reservado aquí.'
              : 'Con turno en línea: se reserva aquí por cuenta de la persona.',
          },
          checked: values['procedure'] === p.type,
        })).concat({
          value: EMPLOYER_PASSWORD.type,
          text: `${EMPLOYER_PASSWORD.sheet} · ${EMPLOYER_PASSWORD.name}`,
          hint: { text: 'Con la «Confirmación del Turno en Línea» que presenta la persona; el enlace de la clave va al correo registrado del empleador.' },
          checked: isEmployerPassword(values),
        }),
        vulnerableGroups: [
          ...Object.entries(VULNERABLE_GROUPS).map(([value, t]) => ({ value, text: t, checked: values['vulnerableGroup'] === value })),
          { divider: 'o' },
          { value: NO_GROUP, text: 'No pertenece a un grupo vulnerable', checked: values['vulnerableGroup'] === NO_GROUP },
        ],
        filerRoles: FILER_CHOICES.map((f) => ({
          value: f.role,
          text: f.label,
          hint: { text: sheetsText(f.sheets) },
          checked: values['filerRole'] === f.role,
        })),
        identityTypes: [{ value: '', text: 'Elija uno' }].concat(
          Object.entries(FILER_IDENTITY_TYPES).map(([value, t]) => ({ value, text: t, selected: values['identityType'] === value })),
        ),
        documentTypes: HOLDER_DOCUMENT_CHOICES.map((d) => ({
          value: d.kind,
          text: DOCUMENT_TYPES[d.kind] ?? d.kind,
          hint: { text: sheetsText(d.sheets) },
          checked: values['documentType'] === d.kind,
        })),
        nationalities: [{ value: '', text: 'Elija una', selected: false }].concat(
          nationalityOptions().map((n) => ({ ...n, selected: values['nationality'] === n.value })),
        ),
        days: days.map((d) => ({ value: d.day, text: dayInWords(d.day), hint: { text: `${d.seats} cupos libres` }, checked: values['day'] === d.day })),
      },
      status,
    );
  }

  @Post()
  async walkIn(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const v = read(body);
    const errors = check(v);
    if (!errors.empty) return this.renderWalkIn(req, res, v, errors.list, 400, v['day'] ? await this.freeDays(o) : []);
    // One case per turno presented and filer: a double click finds it; another turno, or a corrected filer after a
    // refused attempt, is another case (the filing is written with the case's first start).
    if (isEmployerPassword(v)) {
      const parts = [text(body, '_csrf').slice(0, 16), v['employerId'], v['appointmentReference'], v['filerRole'], v['identityNumber']];
      return this.openEmployerPassword(req, res, o, v, `walk-in-004-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`);
    }
    const province = o.province ?? (await this.provinceOf(o));
    const key = `walk-in-${text(body, '_csrf').slice(0, 16)}-${v['documentNumber']}`;
    if (isWalkIn(v)) {
      const walkIn = {
        agencyId: o.agencyId,
        vulnerableGroup: v['vulnerableGroup'],
        identityNumber: v['identityNumber'],
        identityType: v['identityType'],
        fullName: v['filerName'],
      };
      const r = await this.api.openCase(o.token, { ...openingOf(v, province), walkIn } as OpenCaseBody, key);
      if (!r.ok) return this.refused(req, res, o, v, r);
      flash(req, { kind: 'success', title: 'Trámite abierto sin turno', text: 'La persona quedó registrada como llegada; revise sus documentos.' });
      return res.redirect(303, casePath(r.data.caseId));
    }
    // The online turno, booked here on the person's behalf (the API: the booking's own rules).
    const filer = { identityNumber: v['identityNumber'] ?? '', identityType: v['identityType'] as 'cedula', fullName: v['filerName'] ?? '' };
    const booking = { ...openingOf(v, province), filer, ...(v['day'] ? { day: v['day'] } : {}) } as DeskBookingBody;
    const r = await this.api.bookAtDesk(o.token, booking, key);
    if (!r.ok) return this.refused(req, res, o, v, r);
    const a = r.data.appointment;
    flash(
      req,
      r.data.checkedIn
        ? {
            kind: 'success',
            title: 'Turno de hoy reservado y llegada registrada',
            text: `Turno en línea reservado en ventanilla por cuenta de la persona para hoy a las ${clock(a.startsAt)} en ${a.agencyName}; la confirmación se envió a ${r.data.email}. Revise sus documentos.`,
          }
        : {
            kind: 'success',
            title: `Turno reservado para el ${longDate(a.startsAt)} a las ${clock(a.startsAt)}`,
            text: `En ${a.agencyName}. La confirmación del turno se envió a ${r.data.email}: la persona se presenta ese día con ella, impresa o en su teléfono.`,
          },
    );
    res.redirect(303, casePath(r.data.caseId));
  }

  /** 004 at the window: the officer lands on the case, where the window's documents are recorded. */
  private async openEmployerPassword(req: OfficerRequest, res: Response, o: SignedInOfficer, v: Values, key: string): Promise<void> {
    const r = await this.api.openEmployerPasswordAtDesk(o.token, employerPasswordOpening(v), key);
    if (!r.ok) {
      const next = EMPLOYER_PASSWORD_NEXT[r.error.code];
      const error = next ? { ...r.error, message: `${r.error.message} ${next}` } : r.error;
      return this.refused(req, res, o, v, { status: r.status, error }, EMPLOYER_PASSWORD_FIELDS);
    }
    flash(req, {
      kind: 'success',
      title: 'Trámite 004 abierto en ventanilla',
      text: `Empleador ${r.data.holder.name ?? r.data.holder.id}. Revise los documentos que presenta la persona.`,
    });
    res.redirect(303, casePath(r.data.caseId));
  }

  /** The API's refusal on the field it names, the form kept; a full day offers the next days with free seats. */
  private async refused(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    v: Values,
    r: { status: number; error: { code: string; message: string; fields?: Array<{ field: string; message: string }> } },
    fields = API_FIELDS,
  ): Promise<void> {
    const errors: FieldError[] = [];
    const add = (field: string, message: string): void => {
      if (!errors.some((e) => e.field === field)) errors.push({ field, text: message });
    };
    if (r.error.code === 'APPOINTMENT.SLOT_FULL') add('day', r.error.message);
    else if (r.error.code.startsWith('ELIGIBILITY.') || ELIGIBILITY_FIELDS[r.error.code])
      add(ELIGIBILITY_FIELDS[r.error.code] ?? 'documentNumber', r.error.message);
    else for (const f of r.error.fields ?? [{ field: 'identityNumber', message: r.error.message }]) add(fields[f.field] ?? 'identityNumber', f.message);
    const days = r.error.code === 'APPOINTMENT.SLOT_FULL' ? await this.freeDays(o) : [];
    this.renderWalkIn(req, res, { ...v, day: '' }, errors, r.status === 400 ? 400 : 422, days);
  }

  /** The next business days with free seats at the officer's agency (the API's availability, asked in parallel). */
  private async freeDays(o: SignedInOfficer): Promise<Array<{ day: string; seats: number }>> {
    const today = toLocalDate(Date.now());
    const days = Array.from({ length: DAYS_LOOKED_AT }, (_, i) => addBusinessDays(today, i + 1));
    const answers = await Promise.all(days.map((d) => this.api.availability(o.agencyId ?? '', d)));
    return days
      .map((day, i) => {
        const a = answers[i];
        return { day, seats: a?.ok ? a.data.items.reduce((sum, s) => sum + s.available, 0) : 0 };
      })
      .filter((d) => d.seats > 0)
      .slice(0, 5);
  }

  /** The officer's agency's province from the catalogue (the API derives it again); no guess when the catalogue does not answer. */
  private async provinceOf(o: SignedInOfficer): Promise<string> {
    const r = await this.api.agencies();
    if (!r.ok) throw apiFailed(r, 'No pudimos abrir el trámite sin turno');
    const province = r.data.items.find((a) => a.id === o.agencyId)?.province;
    if (!province)
      throw errorPage(403, {
        title: 'No pudimos abrir el trámite sin turno',
        message: 'Su agencia no está entre las agencias activas del catálogo: pida al administrador que la revise.',
      });
    return province;
  }
}
