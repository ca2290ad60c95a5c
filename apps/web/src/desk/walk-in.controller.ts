import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi, type OpenCaseBody } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { NATIONALITIES } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { casePath, DESK_PATH } from './desk-paths';
import { flash } from '../officer/flash';

const REQUIRED: Array<[string, string]> = [
  ['identityNumber', 'Escriba la cédula del empleador que presenta'],
  ['employerId', 'Escriba el RUC o la cédula del empleador'],
  ['email', 'Escriba el correo del empleador'],
  ['mobile', 'Escriba el celular del empleador'],
  ['fullName', 'Escriba los nombres completos del trabajador extranjero'],
  ['nationality', 'Elija la nacionalidad del trabajador'],
  ['documentNumber', 'Escriba el número de pasaporte del trabajador'],
  ['birthDate', 'Escriba la fecha de nacimiento del trabajador (AAAA-MM-DD)'],
];

/** Where each field the API names is asked on the form. */
const API_FIELDS: Record<string, string> = {
  'walkIn.identityNumber': 'identityNumber',
  employerId: 'employerId',
  'booker.email': 'email',
  'booker.mobile': 'mobile',
  'holder.fullName': 'fullName',
  'holder.nationality': 'nationality',
  'holder.documentNumber': 'documentNumber',
  'holder.birthDate': 'birthDate',
};

/** Walk-in registration at the desk (001, vulnerable groups): the case opens checked in. */
@Controller('oficina/escritorio/sin-turno')
@OfficerPage('case_manager')
export class DeskWalkInController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  walkInPage(@Req() req: OfficerRequest, @Res() res: Response): void {
    this.renderWalkIn(req, res, {}, []);
  }

  private renderWalkIn(req: OfficerRequest, res: Response, values: Record<string, unknown>, errors: FieldError[], status = 200): void {
    renderOfficer(
      req,
      res,
      'oficina/escritorio/sin-turno.njk',
      {
        title: 'Atender sin turno a un grupo vulnerable (001)',
        backLink: DESK_PATH,
        values,
        errors,
        nationalities: NATIONALITIES.map(([value, t]) => ({ value, text: t, selected: values['nationality'] === value })),
      },
      status,
    );
  }

  @Post()
  async walkIn(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const errors = new FormErrors();
    const group = text(body, 'vulnerableGroup');
    if (!['elderly', 'disabled', 'pregnant'].includes(group)) errors.add('vulnerableGroup', 'Elija el grupo vulnerable al que pertenece la persona');
    for (const [field, message] of REQUIRED) if (!text(body, field)) errors.add(field, message);
    if (!errors.empty) return this.renderWalkIn(req, res, body, errors.list, 400);
    // The form as typed: the API judges each value and names the field it refuses.
    const open = {
      procedure: 'FOREIGNER_CODE_EMPLOYMENT',
      province: o.province ?? (await this.provinceOf(o)),
      filerRole: 'employer',
      employerId: text(body, 'employerId'),
      booker: { email: text(body, 'email'), mobile: text(body, 'mobile') },
      holder: {
        fullName: text(body, 'fullName'),
        nationality: text(body, 'nationality'),
        documentType: 'passport',
        documentNumber: text(body, 'documentNumber'),
        birthDate: text(body, 'birthDate'),
      },
      walkIn: { agencyId: o.agencyId, vulnerableGroup: group, identityNumber: text(body, 'identityNumber') },
    } as OpenCaseBody;
    const r = await this.api.openCase(o.token, open, `walk-in-${text(body, '_csrf').slice(0, 16)}-${text(body, 'documentNumber')}`);
    if (!r.ok) {
      for (const f of r.error.fields ?? [{ field: 'identityNumber', message: r.error.message }]) errors.add(API_FIELDS[f.field] ?? 'identityNumber', f.message);
      return this.renderWalkIn(req, res, body, errors.list, r.status === 400 ? 400 : 422);
    }
    flash(req, { kind: 'success', title: 'Trámite abierto sin turno', text: 'La persona quedó registrada como llegada; revise sus documentos.' });
    res.redirect(303, casePath(r.data.caseId));
  }

  private async provinceOf(o: SignedInOfficer): Promise<string> {
    const r = await this.api.agencies();
    return (r.ok ? r.data.items.find((a) => a.id === o.agencyId)?.province : undefined) ?? 'PICHINCHA';
  }
}
