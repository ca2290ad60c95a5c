import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type { AgencyDay } from '../api/answers';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { PageError } from '../shared/page-error';
import { barChartSvg, csvLine, type BarChart } from './charts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const BLUE = '#1d70b8';
const GREEN = '#00703c';
const ORANGE = '#f47738';
const PURPLE = '#4c2c92';
const RED = '#d4351c';

const minutes = (v: number | null): string => (v === null ? 'sin datos' : `${v.toLocaleString('es-EC', { maximumFractionDigits: 1 })} min`);

/** The day's numbers as rows of (section, indicator, value): what the tables show and the CSV holds. */
export function dayRows(d: AgencyDay): Array<[string, string, number | string]> {
  const w = (label: string, s: AgencyDay['arrivalToCall']): Array<[string, string, number | string]> => [
    [label, 'Turnos con dato', s.count],
    [label, 'Promedio (min)', s.averageMinutes ?? 'sin datos'],
    [label, 'Mediana (min)', s.medianMinutes ?? 'sin datos'],
    [label, 'Máximo (min)', s.maxMinutes ?? 'sin datos'],
  ];
  return [
    ['Turnos', 'Reservados', d.turnos.booked],
    ['Turnos', 'Llegaron', d.turnos.arrived],
    ['Turnos', 'Atendidos', d.turnos.attended],
    ['Turnos', 'No se presentaron', d.turnos.noShows],
    ['Turnos', 'Sin turno (grupos vulnerables)', d.turnos.walkIns],
    ...w('Espera: llegada a llamado', d.arrivalToCall),
    ...w('Atención: llamado a decisión', d.callToDone),
    ...d.byHour.flatMap((h): Array<[string, string, number]> => [
      [`Hora ${h.hour}`, 'Reservados', h.booked],
      [`Hora ${h.hour}`, 'Llegaron', h.arrived],
      [`Hora ${h.hour}`, 'Atendidos', h.attended],
    ]),
    ['Plazos en riesgo', 'Por vencer (menos de 2 días hábiles)', d.deadlines.dueSoon],
    ['Plazos en riesgo', 'Vencidos', d.deadlines.overdue],
    ...d.officers.flatMap((o): Array<[string, string, number]> => [
      [`Funcionario: ${o.name}`, 'Trámites abiertos asignados', o.open],
      [`Funcionario: ${o.name}`, 'Atendidos ese día', o.attended],
    ]),
  ];
}

/** The charts of the day (each drawn beside a table of the same numbers). */
export function dayCharts(d: AgencyDay): Record<string, BarChart> {
  const t = d.turnos;
  return {
    turnos: {
      id: 'grafico-turnos',
      title: `Turnos del ${d.date}`,
      description: `Reservados ${t.booked}, llegaron ${t.arrived}, atendidos ${t.attended}, no se presentaron ${t.noShows}, sin turno ${t.walkIns}.`,
      series: [{ name: 'Turnos', colour: BLUE }],
      groups: [
        { label: 'Reservados', values: [t.booked] },
        { label: 'Llegaron', values: [t.arrived] },
        { label: 'Atendidos', values: [t.attended] },
        { label: 'No se presentaron', values: [t.noShows] },
        { label: 'Sin turno', values: [t.walkIns] },
      ],
    },
    horas: {
      id: 'grafico-horas',
      title: 'Turnos por hora',
      description: d.byHour.length
        ? d.byHour.map((h) => `${h.hour}: ${h.booked} reservados, ${h.arrived} llegaron, ${h.attended} atendidos`).join('; ') + '.'
        : 'Sin turnos ese día.',
      series: [
        { name: 'Reservados', colour: BLUE },
        { name: 'Llegaron', colour: PURPLE },
        { name: 'Atendidos', colour: GREEN },
      ],
      groups: d.byHour.map((h) => ({ label: h.hour, values: [h.booked, h.arrived, h.attended] })),
    },
    esperas: {
      id: 'grafico-esperas',
      title: 'Tiempos de espera y de atención',
      description: `De la llegada al llamado: promedio ${minutes(d.arrivalToCall.averageMinutes)}, máximo ${minutes(d.arrivalToCall.maxMinutes)}. Del llamado a la decisión: promedio ${minutes(d.callToDone.averageMinutes)}, máximo ${minutes(d.callToDone.maxMinutes)}.`,
      unit: 'min',
      series: [
        { name: 'Promedio', colour: BLUE },
        { name: 'Mediana', colour: PURPLE },
        { name: 'Máximo', colour: ORANGE },
      ],
      groups: [
        { label: 'Llegada → llamado', values: [d.arrivalToCall.averageMinutes, d.arrivalToCall.medianMinutes, d.arrivalToCall.maxMinutes] },
        { label: 'Llamado → decisión', values: [d.callToDone.averageMinutes, d.callToDone.medianMinutes, d.callToDone.maxMinutes] },
      ],
    },
    plazos: {
      id: 'grafico-plazos',
      title: 'Plazos en riesgo',
      description: `Por vencer en menos de 2 días hábiles: ${d.deadlines.dueSoon}${d.deadlines.more ? ' o más' : ''}; vencidos: ${d.deadlines.overdue}.`,
      series: [{ name: 'Trámites', colour: RED }],
      groups: [
        { label: 'Por vencer', values: [d.deadlines.dueSoon] },
        { label: 'Vencidos', values: [d.deadlines.overdue] },
      ],
    },
    funcionarios: {
      id: 'grafico-funcionarios',
      title: 'Trámites por funcionario',
      description: d.officers.length
        ? d.officers.map((o) => `${o.name}: ${o.open} abiertos asignados, ${o.attended} atendidos`).join('; ') + '.'
        : 'Ningún funcionario tiene trámites asignados ni atendió turnos ese día.',
      series: [
        { name: 'Abiertos asignados', colour: BLUE },
        { name: 'Atendidos ese día', colour: GREEN },
      ],
      groups: d.officers.map((o) => ({ label: o.name, values: [o.open, o.attended] })),
    },
  };
}

/** The supervisor's view of the agency's day: charts with their tables, and the same numbers as CSV. */
@Controller('oficina/supervision')
@OfficerPage('supervisor')
export class SupervisorDayController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  private async day(o: SignedInOfficer, fecha: unknown): Promise<{ data?: AgencyDay; error?: string; fecha: string }> {
    const typed = typeof fecha === 'string' ? fecha.trim() : '';
    if (typed && !DAY.test(typed)) return { error: 'La fecha debe tener la forma AAAA-MM-DD, por ejemplo 2026-12-07', fecha: typed };
    const r = await this.api.agencyDay(o.token, typed || undefined);
    if (!r.ok) {
      if (r.status === 400) return { error: r.error.fields?.[0]?.message ?? r.error.message, fecha: typed };
      throw new PageError(r.status >= 500 ? 503 : r.status, 'No se pudo leer el día de la agencia', r.error.message);
    }
    return { data: r.data, fecha: typed || r.data.date };
  }

  @Get('dia')
  async page(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query('fecha') fecha?: string): Promise<void> {
    const d = await this.day(o, fecha);
    const charts = d.data ? dayCharts(d.data) : undefined;
    renderOfficer(
      req,
      res,
      'oficina/supervision/dia.njk',
      {
        title: d.data ? `El día de la agencia ${d.data.agencyId}: ${d.data.date}` : 'El día de la agencia',
        errors: d.error ? [{ field: 'fecha', text: d.error }] : [],
        values: { fecha: d.fecha },
        day: d.data,
        svg: charts ? Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, barChartSvg(c)])) : {},
        minutes,
        hourRows: d.data ? d.data.byHour.map((h) => [h.hour, h.booked, h.arrived, h.attended]) : [],
        officerRows: d.data ? d.data.officers.map((f) => [f.name, f.open, f.attended]) : [],
        csvHref: d.data ? `/oficina/supervision/dia.csv?fecha=${encodeURIComponent(d.data.date)}` : undefined,
      },
      d.error ? 400 : 200,
    );
  }

  @Get('dia.csv')
  async csv(@Res() res: Response, @Officer() o: SignedInOfficer, @Query('fecha') fecha?: string): Promise<void> {
    const d = await this.day(o, fecha);
    const day = d.data;
    if (!day) throw new PageError(400, 'Fecha no válida', d.error ?? '');
    const lines = [csvLine(['agencia', 'fecha', 'seccion', 'indicador', 'valor']), ...dayRows(day).map((r) => csvLine([day.agencyId, day.date, ...r]))];
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="dia-${day.agencyId}-${day.date}.csv"`);
    res.send(`\uFEFF${lines.join('\r\n')}\r\n`);
  }
}
