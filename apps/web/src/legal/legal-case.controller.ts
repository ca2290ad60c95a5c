import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { PROCEDURE_NAMES, caseReference } from '@tramites/contracts';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { statusText, when } from '../officer/officer-format';
import { CaseIdPipe } from '../shared/case-id.pipe';
import { FILER_ROLE_NAMES, dayInWords, documentTypeName, nationalityName } from '../shared/format';
import { PageError } from '../shared/page-error';
import { LEGAL_PATH, poderPage } from './legal-desk.controller';

const CHECK_TEXT: Record<string, string> = {
  met: 'Cumple',
  missing: 'Falta',
  observed: 'Observado',
  not_applicable: 'No aplica',
};
const OUTCOME_TEXT: Record<string, string> = { accepted: 'Aceptado', observed: 'Observado', rejected: 'Negado' };
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The case a poder came from, read-only for the provincial legal unit (the API lets it read the
 * cases of its province, each read logged): the holder, who filed, the turno and what the window
 * recorded, so that the lawyer can check the deed against the case before deciding.
 */
@Controller('oficina/juridico/tramites')
@OfficerPage('legal_unit')
export class LegalCaseController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get(':caseId')
  async casePage(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Param('caseId', CaseIdPipe) caseId: string): Promise<void> {
    const r = await this.api.getCase(o.token, caseId);
    if (!r.ok)
      throw new PageError(
        r.status === 404 ? 404 : r.status === 403 ? 403 : 503,
        r.status === 404 ? 'No existe ese trámite' : 'No puede ver este trámite',
        r.error.message,
      );
    const v = r.data;
    const reference = caseReference(caseId);
    renderOfficer(req, res, 'oficina/juridico/tramite.njk', {
      title: `Trámite ${reference}`,
      backLink: v.poder ? poderPage(v.poder.poderId) : LEGAL_PATH,
      poderHref: v.poder ? poderPage(v.poder.poderId) : undefined,
      rows: [
        ['Trámite', (PROCEDURE_NAMES as Record<string, string>)[v.procedure] ?? v.procedure],
        ['Estado', statusText(v.status)],
        ['Titular', v.holder.fullName],
        ['Nacionalidad', nationalityName(v.holder.nationality)],
        ['Documento del titular', `${capitalised(documentTypeName(v.holder.documentType))} ${v.holder.documentNumber}`],
        ['Fecha de nacimiento', dayInWords(v.holder.birthDate)],
        ['Presenta', capitalised(FILER_ROLE_NAMES[v.filerRole] ?? v.filerRole)],
        ['Turno', v.appointment ? `${v.appointment.agencyName}, ${when(v.appointment.startsAt)}` : 'Sin turno en línea'],
        ['Llegó a la agencia', v.checkedInAt ? when(v.checkedInAt) : 'Todavía no'],
      ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
      checklist: v.checklist
        ? {
            outcome: OUTCOME_TEXT[v.checklist.outcome] ?? v.checklist.outcome,
            items: v.checklist.items
              .filter((i) => i.status !== 'not_applicable')
              .map((i) => ({ label: i.label, check: CHECK_TEXT[i.status] ?? i.status, reasons: i.reasons.map((x) => x.message).join(' ') })),
          }
        : undefined,
    });
  }
}
