import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { toLocalDate } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { clock, dayInWords } from '../shared/format';
import { text, type FieldError } from '../shared/forms';
import { PageError } from '../shared/page-error';
import { apiErrors } from './admin-errors';

const AGENCIES_PATH = '/oficina/admin/agencias';
const AGENCY_ID = /^[A-Z0-9-]{2,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NOTICES: Record<string, string> = {
  horario: 'Horario guardado: vale para los turnos que se creen desde ahora.',
  feriado: 'Feriado registrado: ese día ya no tiene turnos.',
  'feriado-quitado': 'Feriado quitado.',
};

type AgencyPageExtra = { errors?: FieldError[]; hours?: Record<string, string>; holiday?: Record<string, string>; notice?: string; day?: string };

/**
 * The administrator's agencies: office hours and seats per slot, local holidays per agency
 * (declaring one removes that day's free slots), the day's slots.
 */
@Controller('oficina/admin/agencias')
@OfficerPage('admin')
export class AdminAgenciesController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async agencies(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer): Promise<void> {
    const r = await this.api.adminAgencies(o.token);
    if (!r.ok) throw new PageError(503, 'No se pudieron leer las agencias', r.error.message);
    renderOfficer(req, res, 'oficina/admin/agencias.njk', { title: 'Agencias', agencies: r.data.items });
  }

  private async agencyPage(req: OfficerRequest, res: Response, o: SignedInOfficer, agencyId: string, extra: AgencyPageExtra = {}): Promise<void> {
    if (!AGENCY_ID.test(agencyId)) throw new PageError(404, 'No existe esa agencia', 'El código de agencia no es válido.', AGENCIES_PATH);
    const day = extra.day && DAY.test(extra.day) ? extra.day : toLocalDate(Date.now());
    const [agencies, holidays, slots] = await Promise.all([
      this.api.adminAgencies(o.token),
      this.api.agencyHolidays(o.token, agencyId),
      this.api.agencySlots(o.token, agencyId, day),
    ]);
    const agency = agencies.ok ? agencies.data.items.find((a) => a.id === agencyId) : undefined;
    if (!agency)
      throw new PageError(404, 'No existe esa agencia', agencies.ok ? 'No hay una agencia activa con ese código.' : agencies.error.message, AGENCIES_PATH);
    const errors = extra.errors ?? [];
    renderOfficer(
      req,
      res,
      'oficina/admin/agencia.njk',
      {
        title: agency.name,
        backLink: AGENCIES_PATH,
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

  @Get(':agencyId')
  async agency(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('agencyId') agencyId: string,
    @Query('dia') day?: string,
    @Query('aviso') notice?: string,
  ): Promise<void> {
    await this.agencyPage(req, res, o, agencyId, { ...(day ? { day } : {}), ...(notice && NOTICES[notice] ? { notice: NOTICES[notice] } : {}) });
  }

  @Post(':agencyId/horario')
  async setHours(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('agencyId') agencyId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const hours = {
      opensAt: text(body, 'opensAt'),
      closesAt: text(body, 'closesAt'),
      slotMinutes: text(body, 'slotMinutes'),
      seatsPerSlot: text(body, 'seatsPerSlot'),
    };
    const errors: FieldError[] = [];
    if (!/^\d{2}:\d{2}$/.test(hours.opensAt)) errors.push({ field: 'opensAt', text: 'Escriba la hora de apertura como HH:MM (por ejemplo 08:00)' });
    if (!/^\d{2}:\d{2}$/.test(hours.closesAt)) errors.push({ field: 'closesAt', text: 'Escriba la hora de cierre como HH:MM (por ejemplo 17:00)' });
    if (!/^\d{1,3}$/.test(hours.slotMinutes)) errors.push({ field: 'slotMinutes', text: 'Escriba los minutos de cada turno como un número (por ejemplo 30)' });
    if (!/^\d{1,2}$/.test(hours.seatsPerSlot)) errors.push({ field: 'seatsPerSlot', text: 'Escriba los puestos por turno como un número (por ejemplo 3)' });
    if (errors.length) return this.agencyPage(req, res, o, agencyId, { errors, hours });
    const r = await this.api.setAgencyHours(o.token, agencyId, { ...hours, slotMinutes: Number(hours.slotMinutes), seatsPerSlot: Number(hours.seatsPerSlot) });
    if (!r.ok)
      return this.agencyPage(req, res, o, agencyId, { errors: apiErrors(r.error, ['opensAt', 'closesAt', 'slotMinutes', 'seatsPerSlot'], 'opensAt'), hours });
    res.redirect(303, `${AGENCIES_PATH}/${agencyId}?aviso=horario`);
  }

  @Post(':agencyId/feriados')
  async addHoliday(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('agencyId') agencyId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const holiday = { day: text(body, 'day'), name: text(body, 'name') };
    const errors: FieldError[] = [];
    if (!DAY.test(holiday.day)) errors.push({ field: 'day', text: 'Escriba el día del feriado como AAAA-MM-DD' });
    if (holiday.name.length < 3) errors.push({ field: 'name', text: 'Escriba el nombre del feriado (3 caracteres o más)' });
    if (errors.length) return this.agencyPage(req, res, o, agencyId, { errors, holiday });
    const r = await this.api.addHoliday(o.token, agencyId, holiday);
    if (!r.ok) return this.agencyPage(req, res, o, agencyId, { errors: apiErrors(r.error, ['day', 'name'], 'day'), holiday });
    res.redirect(303, `${AGENCIES_PATH}/${agencyId}?aviso=feriado&dia=${holiday.day}`);
  }

  @Post(':agencyId/feriados/:day/quitar')
  async removeHoliday(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('agencyId') agencyId: string,
    @Param('day') day: string,
  ): Promise<void> {
    const r = await this.api.removeHoliday(o.token, agencyId, day);
    if (!r.ok) return this.agencyPage(req, res, o, agencyId, { errors: [{ field: 'day', text: r.error.message }] });
    res.redirect(303, `${AGENCIES_PATH}/${agencyId}?aviso=feriado-quitado`);
  }
}
