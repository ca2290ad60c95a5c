import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { URGENCY, when } from '../officer/officer-format';
import { dayInWords } from '../shared/format';
import { FormErrors, text } from '../shared/forms';
import { PageError } from '../shared/page-error';
import { LEGAL_PATH, poderPage } from './legal-desk.controller';

const REGISTRY_STATUS: Record<string, { text: string; tagClass: string }> = {
  valid: { text: 'Vigente', tagClass: 'govuk-tag--green' },
  expired: { text: 'Vencido', tagClass: 'govuk-tag--grey' },
  revoked: { text: 'Revocado', tagClass: 'govuk-tag--red' },
};

const BUSINESS_DAY_MS = 9 * 3_600_000;
const days = (n: number): string => `${n} ${n === 1 ? 'día hábil' : 'días hábiles'}`;

/** The same words as the API's time left (apps/api/src/desk/time-left.ts), from the inbox's business milliseconds. */
function inboxTimeLeft(ms: number): { label: string; urgency: string } {
  if (ms < 0) {
    const late = Math.floor(-ms / BUSINESS_DAY_MS);
    return { urgency: 'overdue', label: late < 1 ? 'Vencido hoy' : `Vencido hace ${days(late)}` };
  }
  const whole = Math.floor(ms / BUSINESS_DAY_MS);
  if (whole < 1) return { urgency: 'due_soon', label: 'Vence hoy: queda menos de 1 día hábil' };
  return { urgency: whole < 2 ? 'due_soon' : 'on_time', label: whole < 2 ? `Queda ${days(whole)}` : `Quedan ${days(whole)}` };
}

/**
 * The provincial legal unit's lists: the inbox of the province's poderes (case, holder, agency,
 * deadline, who took each review) and the registry of endorsed poderes.
 */
@Controller('oficina/juridico')
@OfficerPage('legal_unit')
export class LegalListsController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async inbox(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query('pagina') pagina?: string): Promise<void> {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(pagina ?? '1', 10) || 1));
    const r = await this.api.legalInbox(o.token, page, 25);
    if (!r.ok) throw new PageError(r.status, 'No se pudo abrir la bandeja', r.error.message);
    renderOfficer(req, res, 'oficina/juridico/bandeja.njk', {
      title: 'Poderes por revisar',
      items: r.data.items.map((i) => {
        const tl = inboxTimeLeft(i.businessMsLeft);
        return {
          ...i,
          href: poderPage(i.poderId),
          deed: i.poderId.split(':').slice(2).join(':'),
          agency: i.agencyName ?? i.agencyId ?? '—',
          claimText: i.claimedBy ? (i.claimedBy === o.sub ? 'Tomado por usted' : `Tomado por ${i.claimedByName ?? 'otra persona'}`) : 'Sin tomar',
          requested: when(i.requestedAt),
          due: when(i.dueAt),
          timeLeft: tl,
          urgency: URGENCY[tl.urgency],
        };
      }),
      prevHref: page > 1 ? `${LEGAL_PATH}?pagina=${page - 1}` : undefined,
      nextHref: page * r.data.pageSize < r.data.total ? `${LEGAL_PATH}?pagina=${page + 1}` : undefined,
    });
  }

  @Get('registro')
  async registry(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query() q: Record<string, unknown>): Promise<void> {
    const filters = { employerId: text(q, 'employerId'), attorneyId: text(q, 'attorneyId') };
    const page = Math.max(1, Math.min(10_000, Number.parseInt(text(q, 'pagina') || '1', 10) || 1));
    const r = await this.api.poderRegistry(o.token, {
      employerId: filters.employerId || undefined,
      attorneyId: filters.attorneyId || undefined,
      page,
      pageSize: 25,
    });
    const errors = new FormErrors();
    if (!r.ok)
      for (const f of r.error.fields ?? [{ field: 'employerId', message: r.error.message }])
        errors.add(f.field === 'attorneyId' ? 'attorneyId' : 'employerId', f.message);
    const qs = (p: number): string =>
      `${LEGAL_PATH}/registro?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), pagina: String(p) }).toString()}`;
    renderOfficer(req, res, 'oficina/juridico/registro.njk', {
      title: 'Registro de poderes sumillados',
      filters,
      errors: errors.list,
      items: r.ok
        ? r.data.items.map((i) => ({
            ...i,
            endorsed: when(i.endorsedAt),
            revoked: when(i.revokedAt),
            validity: i.validUntil ? `Hasta el ${dayInWords(i.validUntil)}` : 'Sin límite',
            statusText: REGISTRY_STATUS[i.status]?.text,
            tagClass: REGISTRY_STATUS[i.status]?.tagClass,
          }))
        : [],
      prevHref: r.ok && page > 1 ? qs(page - 1) : undefined,
      nextHref: r.ok && page * r.data.pageSize < r.data.total ? qs(page + 1) : undefined,
    });
  }
}
