import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { toLocalDate } from '@tramites/domain';
import type { Response } from 'express';
import type { ApiErrorBody } from '../api/api-client';
import { text } from '../shared/forms';
import { clock, dayInWords } from '../shared/format';
import type { OfficerApi } from './officer-api';
import { OfficerAuth, renderOfficer, ROLE_NAMES, type SignedInOfficer } from './officer-auth';
import { keptForm, OFFICER_ROLES, reauthenticateKeeping, REAUTHENTICATION_REQUIRED, type OfficerRequest } from './officer-session';
import { OFFICER_API, OFFICER_AUTH } from '../shared/tokens';

const ADMIN = ['admin'] as const;
const AGENCY_ID = /^[A-Z0-9-]{2,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const OFFICERS_PATH = '/oficina/admin/funcionarios';

interface Agency {
  id: string;
  province: string;
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  seatsPerSlot: number;
}
interface Holiday {
  day: string;
  name: string;
  createdBy: string;
}
interface DaySlot {
  slotId: string;
  startsAt: string;
  capacity: number;
  booked: number;
}
interface DevOfficer {
  username: string;
  sub: string;
  name: string;
  role: string;
  agencyId: string | null;
  province: string | null;
}
type FieldErrors = Array<{ field: string; text: string }>;

/** The API's field errors (or its message) as the form's errors, each on a field of this form. */
function apiErrors(e: ApiErrorBody, fields: string[], fallback: string): FieldErrors {
  const named = (e.fields ?? []).filter((f) => fields.includes(f.field)).map((f) => ({ field: f.field, text: f.message }));
  return named.length ? named : [{ field: fallback, text: e.message }];
}

/**
 * The administrator's pages: agencies with their office hours and seats per
 * slot, local holidays per agency (declaring one removes that day's free slots), the day's
 * slots; the officers' roles when the embedded OpenID provider is used.
 */
@Controller('oficina/admin')
export class AdminController {
  constructor(
    @Inject(OFFICER_AUTH) private readonly auth: OfficerAuth,
    @Inject(OFFICER_API) private readonly api: OfficerApi,
  ) {}

  @Get('agencias')
  async agencies(@Req() req: OfficerRequest, @Res() res: Response): Promise<void> {
    const o = await this.auth.require(req, res, ADMIN);
    if (!o) return;
    const r = await this.api.get<{ items: Agency[] }>(o.token, '/admin/agencies');
    if (!r.ok) return renderOfficer(req, res, 'oficina/error.njk', { title: 'No se pudieron leer las agencias', message: r.error.message }, 503);
    renderOfficer(req, res, 'oficina/admin/agencias.njk', { title: 'Agencias', agencies: r.data.items });
  }

  private async agencyPage(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    agencyId: string,
    extra: { errors?: FieldErrors; hours?: Record<string, string>; holiday?: Record<string, string>; notice?: string; day?: string } = {},
  ): Promise<void> {
    if (!AGENCY_ID.test(agencyId))
      return renderOfficer(
        req,
        res,
        'oficina/error.njk',
        { title: 'No existe esa agencia', message: 'El código de agencia no es válido.', restart: '/oficina/admin/agencias' },
        404,
      );
    const day = extra.day && DAY.test(extra.day) ? extra.day : toLocalDate(Date.now());
    const [agencies, holidays, slots] = await Promise.all([
      this.api.get<{ items: Agency[] }>(o.token, '/admin/agencies'),
      this.api.get<{ items: Holiday[] }>(o.token, `/admin/agencies/${agencyId}/holidays`),
      this.api.get<{ items: DaySlot[] }>(o.token, `/admin/agencies/${agencyId}/slots`, { date: day }),
    ]);
    const agency = agencies.ok ? agencies.data.items.find((a) => a.id === agencyId) : undefined;
    if (!agency)
      return renderOfficer(
        req,
        res,
        'oficina/error.njk',
        {
          title: 'No existe esa agencia',
          message: agencies.ok ? 'No hay una agencia activa con ese código.' : agencies.error.message,
          restart: '/oficina/admin/agencias',
        },
        404,
      );
    const errors = extra.errors ?? [];
    renderOfficer(
      req,
      res,
      'oficina/admin/agencia.njk',
      {
        title: agency.name,
        backLink: '/oficina/admin/agencias',
        agency,
        hours: extra.hours ?? {
          opensAt: agency.opensAt,
          closesAt: agency.closesAt,
          slotMinutes: String(agency.slotMinutes),
          seatsPerSlot: String(agency.seatsPerSlot),
        },
        holiday: extra.holiday ?? { day: '', name: '' },
        holidays: holidays.ok ? holidays.data.items.map((h) => ({ ...h, words: dayInWords(h.day) })) : [],
        day,
        dayWords: dayInWords(day),
        slots: slots.ok ? slots.data.items.map((s) => ({ ...s, time: clock(s.startsAt), free: s.capacity - s.booked })) : [],
        notice: extra.notice,
        errors,
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('agencias/:agencyId')
  async agency(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Param('agencyId') agencyId: string,
    @Query('dia') day?: string,
    @Query('aviso') notice?: string,
  ): Promise<void> {
    const o = await this.auth.require(req, res, ADMIN);
    if (!o) return;
    const notices: Record<string, string> = {
      horario: 'Horario guardado: vale para los turnos que se creen desde ahora.',
      feriado: 'Feriado registrado: ese día ya no tiene turnos.',
      'feriado-quitado': 'Feriado quitado.',
    };
    await this.agencyPage(req, res, o, agencyId, { ...(day ? { day } : {}), ...(notice && notices[notice] ? { notice: notices[notice] } : {}) });
  }

  @Post('agencias/:agencyId/horario')
  async setHours(@Req() req: OfficerRequest, @Res() res: Response, @Param('agencyId') agencyId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.auth.require(req, res, ADMIN);
    if (!o) return;
    const hours = {
      opensAt: text(body, 'opensAt'),
      closesAt: text(body, 'closesAt'),
      slotMinutes: text(body, 'slotMinutes'),
      seatsPerSlot: text(body, 'seatsPerSlot'),
    };
    const errors: FieldErrors = [];
    if (!/^\d{2}:\d{2}$/.test(hours.opensAt)) errors.push({ field: 'opensAt', text: 'Escriba la hora de apertura como HH:MM (por ejemplo 08:00)' });
    if (!/^\d{2}:\d{2}$/.test(hours.closesAt)) errors.push({ field: 'closesAt', text: 'Escriba la hora de cierre como HH:MM (por ejemplo 17:00)' });
    if (!/^\d{1,3}$/.test(hours.slotMinutes)) errors.push({ field: 'slotMinutes', text: 'Escriba los minutos de cada turno como un número (por ejemplo 30)' });
    if (!/^\d{1,2}$/.test(hours.seatsPerSlot)) errors.push({ field: 'seatsPerSlot', text: 'Escriba los puestos por turno como un número (por ejemplo 3)' });
    if (errors.length) return this.agencyPage(req, res, o, agencyId, { errors, hours });
    const r = await this.api.call<Agency>(o.token, 'PUT', `/admin/agencies/${agencyId}/hours`, {
      body: { ...hours, slotMinutes: Number(hours.slotMinutes), seatsPerSlot: Number(hours.seatsPerSlot) },
    });
    if (!r.ok)
      return this.agencyPage(req, res, o, agencyId, { errors: apiErrors(r.error, ['opensAt', 'closesAt', 'slotMinutes', 'seatsPerSlot'], 'opensAt'), hours });
    res.redirect(303, `/oficina/admin/agencias/${agencyId}?aviso=horario`);
  }

  @Post('agencias/:agencyId/feriados')
  async addHoliday(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Param('agencyId') agencyId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const o = await this.auth.require(req, res, ADMIN);
    if (!o) return;
    const holiday = { day: text(body, 'day'), name: text(body, 'name') };
    const errors: FieldErrors = [];
    if (!DAY.test(holiday.day)) errors.push({ field: 'day', text: 'Escriba el día del feriado como AAAA-MM-DD' });
    if (holiday.name.length < 3) errors.push({ field: 'name', text: 'Escriba el nombre del feriado (3 caracteres o más)' });
    if (errors.length) return this.agencyPage(req, res, o, agencyId, { errors, holiday });
    const r = await this.api.call<{ removedSlots: number }>(o.token, 'POST', `/admin/agencies/${agencyId}/holidays`, { body: holiday });
    if (!r.ok) return this.agencyPage(req, res, o, agencyId, { errors: apiErrors(r.error, ['day', 'name'], 'day'), holiday });
    res.redirect(303, `/oficina/admin/agencias/${agencyId}?aviso=feriado&dia=${holiday.day}`);
  }

  @Post('agencias/:agencyId/feriados/:day/quitar')
  async removeHoliday(@Req() req: OfficerRequest, @Res() res: Response, @Param('agencyId') agencyId: string, @Param('day') day: string): Promise<void> {
    const o = await this.auth.require(req, res, ADMIN);
    if (!o) return;
    const r = await this.api.call<void>(o.token, 'DELETE', `/admin/agencies/${agencyId}/holidays/${encodeURIComponent(day)}`);
    if (!r.ok) return this.agencyPage(req, res, o, agencyId, { errors: [{ field: 'day', text: r.error.message }] });
    res.redirect(303, `/oficina/admin/agencias/${agencyId}?aviso=feriado-quitado`);
  }

  /** The officers and their roles; `kept`: a role change as typed before confirming the administrator's identity. */
  private async officersPage(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    errors: FieldErrors = [],
    notice?: string,
    kept?: Record<string, string>,
  ): Promise<void> {
    const r = await this.api.get<{ items: DevOfficer[] }>(o.token, '/admin/officers');
    if (!r.ok) {
      return renderOfficer(
        req,
        res,
        'oficina/error.njk',
        { title: 'Los roles se administran en el proveedor de identidad', message: r.error.message },
        r.status === 409 ? 409 : 503,
      );
    }
    renderOfficer(
      req,
      res,
      'oficina/admin/funcionarios.njk',
      {
        title: 'Funcionarios',
        officers: r.data.items.map((x) => ({
          ...x,
          roleName: ROLE_NAMES[x.role as keyof typeof ROLE_NAMES] ?? x.role,
          ...(kept?.['username'] === x.username ? { role: kept['role'], agencyId: kept['agencyId'], province: kept['province'] } : {}),
        })),
        roles: OFFICER_ROLES.map((value) => ({ value, text: ROLE_NAMES[value] })),
        errors,
        notice,
        reauthNotice: kept ? `Confirmó su identidad. Revise el rol de ${kept['username']} y guárdelo.` : undefined,
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('funcionarios')
  async officers(@Req() req: OfficerRequest, @Res() res: Response, @Query('aviso') notice?: string, @Query('confirmar') confirm?: string): Promise<void> {
    const o = await this.auth.require(req, res, ADMIN);
    if (!o) return;
    const kept = keptForm(req, OFFICERS_PATH, confirm);
    await this.officersPage(req, res, o, [], notice === 'rol' ? 'Rol guardado: vale desde el próximo ingreso del funcionario.' : undefined, kept);
  }

  @Post('funcionarios/:username')
  async setRole(@Req() req: OfficerRequest, @Res() res: Response, @Param('username') username: string, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.auth.require(req, res, ADMIN);
    if (!o) return;
    const role = text(body, 'role');
    const agencyId = text(body, 'agencyId').toUpperCase();
    const province = text(body, 'province').toUpperCase();
    const field = `role-${username}`;
    const r = await this.api.call<DevOfficer>(o.token, 'PUT', `/admin/officers/${encodeURIComponent(username)}/role`, {
      body: { role, ...(agencyId ? { agencyId } : {}), ...(province ? { province } : {}) },
    });
    // A role change needs a recent sign-in (the API's step-up): confirm at the provider, then save the role as typed.
    if (!r.ok && r.error.code === REAUTHENTICATION_REQUIRED) return reauthenticateKeeping(req, res, OFFICERS_PATH, { username, role, agencyId, province });
    if (!r.ok) return this.officersPage(req, res, o, [{ field, text: `${username}: ${r.error.message}` }]);
    res.redirect(303, `${OFFICERS_PATH}?aviso=rol`);
  }
}
