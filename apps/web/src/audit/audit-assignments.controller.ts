import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { renderOfficer, ROLE_NAMES, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { PageError } from '../shared/page-error';
import { AUDIT_PATH, q, when } from './audit-format';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who worked each case and why it changed hands: claims, releases and a supervisor's reassignments with the reason (ADR 0022, amended). */
@Controller('oficina/auditoria/asignaciones')
@OfficerPage('auditor', 'admin')
export class AuditAssignmentsController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async list(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Query('tramite') caseId?: string,
    @Query('funcionario') officerId?: string,
    @Query('antes') before?: string,
  ): Promise<void> {
    const typedCase = q(caseId);
    const errors =
      typedCase && !UUID.test(typedCase) ? [{ field: 'tramite', text: 'Escriba el identificador completo del trámite (UUID), como figura en su página' }] : [];
    const filter = {
      ...(typedCase && !errors.length ? { caseId: typedCase.toLowerCase() } : {}),
      ...(q(officerId) ? { officerId: q(officerId) } : {}),
      ...(/^\d{1,19}$/.test(q(before)) ? { before: q(before) } : {}),
    };
    const r = await this.api.auditAssignments(o.token, filter);
    if (!r.ok) throw new PageError(r.status >= 500 ? 503 : r.status, 'No se pudo leer el registro de asignaciones', r.error.message);
    const params = new URLSearchParams(Object.entries({ tramite: filter.caseId ?? '', funcionario: filter.officerId ?? '' }).filter(([, v]) => v));
    if (r.data.next) params.set('antes', r.data.next);
    renderOfficer(
      req,
      res,
      'oficina/auditoria/asignaciones.njk',
      {
        title: 'Asignaciones de trámites',
        errors,
        values: { tramite: typedCase, funcionario: q(officerId) },
        rows: r.data.items.map((i) => ({
          ...i,
          when: when(i.at),
          roleText: ROLE_NAMES[i.actorRole as keyof typeof ROLE_NAMES] ?? i.actorRole,
        })),
        next: r.data.next ? `${AUDIT_PATH}/asignaciones?${params.toString()}` : undefined,
      },
      errors.length ? 400 : 200,
    );
  }
}
