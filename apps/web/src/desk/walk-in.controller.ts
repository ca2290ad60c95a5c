import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { birthDateProblem, isEmployerNumber, PROCEDURE_NAMES, personNameProblem, type InPersonProcedure } from '@tramites/contracts';
import { FILER_ROLE_LABELS, PROCEDURES, toLocalDate, validateCedula, validateEmail, validateIdentityNumber, validateMobile } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type OpenCaseBody } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { DOCUMENT_TYPES, FILER_IDENTITY_TYPES, nationalityOptions, VULNERABLE_GROUPS } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { casePath, DESK_PATH } from './desk-paths';
import { flash } from '../officer/flash';
import { apiFailed, errorPage } from '../shared/page-error';

type Values = Record<string, string>;

/**
 * The procedures a person of a vulnerable group may file without an online turno, and who may
 * file each: from the procedure sheets as libs/domain encodes them (001, NOTA: "no necesita
 * generar un turno en línea"); 000 and 002 ask for the turno (their "Canales de atención").
 */
const IN_PERSON_CASES = Object.values(PROCEDURES).filter((p) => p.type in PROCEDURE_NAMES);

const WALK_IN_PROCEDURES = IN_PERSON_CASES.filter((p) => p.channels.some((c) => c.channel === 'in_person' && c.walkInForVulnerableGroups)).map((p) => ({
  type: p.type as InPersonProcedure,
  sheet: p.sheet,
  filers: p.filers
    .filter((f) => f.channels.includes('in_person') && !p.forbiddenFilers.some((x) => x.roles?.includes(f.role)))
    .map((f) => ({ role: f.role, label: FILER_ROLE_LABELS[f.role], description: f.description })),
}));

/** The procedures the sheets file in person with an online turno only: named on the page, so the officer knows why they are not offered. */
const WITH_TURNO_ONLY = IN_PERSON_CASES.filter((p) => p.channels.some((c) => c.channel === 'in_person' && !c.walkInForVulnerableGroups)).map((p) => p.sheet);

/** Where each field the API names is asked on the form. */
const API_FIELDS: Record<string, string> = {
  procedure: 'procedure',
  filerRole: 'filerRole',
  'walkIn.identityNumber': 'identityNumber',
  'walkIn.identityType': 'identityType',
  'walkIn.fullName': 'filerName',
  'walkIn.vulnerableGroup': 'vulnerableGroup',
  employerId: 'employerId',
  'booker.email': 'email',
  'booker.mobile': 'mobile',
  'holder.fullName': 'fullName',
  'holder.nationality': 'nationality',
  'holder.documentType': 'documentType',
  'holder.documentNumber': 'documentNumber',
  'holder.birthDate': 'birthDate',
  poder: 'deedNumber',
  'poder.employerId': 'employerId',
  'poder.attorneyName': 'filerName',
  'poder.deedNumber': 'deedNumber',
  'poder.notary': 'notary',
  'poder.validUntil': 'validUntil',
};

const FIELDS = [
  'procedure',
  'vulnerableGroup',
  'filerRole',
  'filerName',
  'identityType',
  'identityNumber',
  'email',
  'mobile',
  'employerId',
  'deedNumber',
  'notary',
  'validUntil',
  'fullName',
  'nationality',
  'documentType',
  'documentNumber',
  'birthDate',
] as const;

/** The form as typed (trimmed; numbers without spaces, in capitals). */
function read(body: Record<string, unknown>): Values {
  const v: Values = {};
  for (const f of FIELDS) v[f] = text(body, f);
  for (const f of ['identityNumber', 'employerId', 'documentNumber'] as const) v[f] = (v[f] ?? '').replace(/\s/g, '').toUpperCase();
  v['mobile'] = (v['mobile'] ?? '').replace(/\s/g, '');
  if (!v['procedure'] && WALK_IN_PROCEDURES.length === 1) v['procedure'] = WALK_IN_PROCEDURES[0]?.type ?? '';
  return v;
}

/** The same rules as the online booking's questions (libs/domain, libs/contracts), each named in Spanish. */
function check(v: Values): FormErrors {
  const errors = new FormErrors();
  const procedure = WALK_IN_PROCEDURES.find((p) => p.type === v['procedure']);
  if (!procedure) errors.add('procedure', 'Elija el trámite que la persona viene a hacer');
  if (!VULNERABLE_GROUPS[v['vulnerableGroup'] ?? '']) errors.add('vulnerableGroup', 'Elija el grupo vulnerable al que pertenece quien presenta');
  if (procedure && !procedure.filers.some((f) => f.role === v['filerRole'])) errors.add('filerRole', 'Elija quién presenta el trámite');
  const filerName = personNameProblem(v['filerName']);
  if (!v['filerName']) errors.add('filerName', 'Escriba los nombres y apellidos de quien presenta');
  else if (filerName) errors.add('filerName', `El nombre de quien presenta ${filerName}`);
  if (!FILER_IDENTITY_TYPES[v['identityType'] ?? '']) errors.add('identityType', 'Elija el documento de identidad que muestra quien presenta');
  const id = v['identityNumber'] ?? '';
  if (!id) errors.add('identityNumber', 'Escriba el número del documento de quien presenta');
  else if (v['identityType'] === 'cedula' && !validateCedula(id).ok)
    errors.add('identityNumber', 'La cédula de quien presenta no es válida: revise sus 10 dígitos');
  else if (v['identityType'] === 'foreigner_code' && !validateIdentityNumber(id).ok)
    errors.add('identityNumber', 'El código de identificación para extranjero de quien presenta no es válido');
  else if (!/^[A-Z0-9]{5,20}$/.test(id)) errors.add('identityNumber', 'El documento de quien presenta debe tener de 5 a 20 letras o números');
  if (!v['email']) errors.add('email', 'Escriba el correo electrónico de quien presenta');
  else if (!validateEmail(v['email']).ok) errors.add('email', 'Escriba un correo electrónico válido, como nombre@ejemplo.ec');
  if (!v['mobile']) errors.add('mobile', 'Escriba el celular de quien presenta');
  else if (!validateMobile(v['mobile']).ok) errors.add('mobile', 'Escriba un celular ecuatoriano: 09 y 8 dígitos, como 0991234567');
  if (!v['employerId']) errors.add('employerId', 'Escriba el RUC del empleador');
  else if (!isEmployerNumber(v['employerId'])) errors.add('employerId', 'El RUC del empleador debe tener 13 dígitos (o la cédula 10) válidos');
  if (v['filerRole'] === 'attorney') {
    if (!v['deedNumber']) errors.add('deedNumber', 'Escriba el número de la escritura del poder');
    if (!v['notary']) errors.add('notary', 'Escriba la notaría que otorgó el poder');
    if (v['validUntil'] && !/^\d{4}-\d{2}-\d{2}$/.test(v['validUntil'])) errors.add('validUntil', 'La vigencia del poder debe ser una fecha AAAA-MM-DD');
  }
  const holderName = personNameProblem(v['fullName']);
  if (!v['fullName']) errors.add('fullName', 'Escriba los nombres y apellidos completos del trabajador extranjero');
  else if (holderName) errors.add('fullName', `El nombre del trabajador ${holderName}`);
  if (!nationalityOptions().some((n) => n.value === v['nationality'])) errors.add('nationality', 'Elija la nacionalidad del trabajador');
  if (!DOCUMENT_TYPES[v['documentType'] ?? '']) errors.add('documentType', 'Elija el documento de identidad del trabajador');
  if (!/^[A-Z0-9 -]{5,20}$/.test(v['documentNumber'] ?? ''))
    errors.add('documentNumber', 'El número de documento del trabajador debe tener de 5 a 20 letras o números');
  if (!v['birthDate']) errors.add('birthDate', 'Escriba la fecha de nacimiento del trabajador (AAAA-MM-DD)');
  else {
    const problem = birthDateProblem(v['birthDate'], toLocalDate(Date.now()));
    if (problem) errors.add('birthDate', `La fecha de nacimiento del trabajador ${problem}`);
  }
  return errors;
}

/**
 * Walk-in registration at the desk (001, NOTA: vulnerable groups need no online turno): whoever
 * the sheet lets file (the employer, an attorney with the poder's data, an authorised third
 * party), with their identity document, contact and vulnerable group; the case opens checked in
 * and the officer lands on it.
 */
@Controller('oficina/escritorio/sin-turno')
@OfficerPage('case_manager')
export class DeskWalkInController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  walkInPage(@Req() req: OfficerRequest, @Res() res: Response): void {
    this.renderWalkIn(req, res, read({}), []);
  }

  private renderWalkIn(req: OfficerRequest, res: Response, values: Values, errors: FieldError[], status = 200): void {
    const procedure = WALK_IN_PROCEDURES.find((p) => p.type === values['procedure']);
    renderOfficer(
      req,
      res,
      'oficina/escritorio/sin-turno.njk',
      {
        title: 'Atender sin turno a un grupo vulnerable',
        backLink: DESK_PATH,
        values,
        errors,
        procedures: WALK_IN_PROCEDURES.map((p) => ({
          value: p.type,
          text: `${p.sheet} · ${PROCEDURE_NAMES[p.type]}`,
          checked: values['procedure'] === p.type,
        })),
        withTurnoOnly: WITH_TURNO_ONLY.join(', '),
        vulnerableGroups: Object.entries(VULNERABLE_GROUPS).map(([value, t]) => ({ value, text: t, checked: values['vulnerableGroup'] === value })),
        filerRoles: (procedure ?? WALK_IN_PROCEDURES[0])?.filers.map((f) => ({
          value: f.role,
          text: f.label,
          hint: { text: f.description },
          checked: values['filerRole'] === f.role,
        })),
        identityTypes: [{ value: '', text: 'Elija uno' }].concat(
          Object.entries(FILER_IDENTITY_TYPES).map(([value, t]) => ({ value, text: t, selected: values['identityType'] === value })),
        ),
        documentTypes: Object.entries(DOCUMENT_TYPES).map(([value, t]) => ({ value, text: t, checked: values['documentType'] === value })),
        nationalities: [{ value: '', text: 'Elija una', selected: false }].concat(
          nationalityOptions().map((n) => ({ ...n, selected: values['nationality'] === n.value })),
        ),
      },
      status,
    );
  }

  @Post()
  async walkIn(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const v = read(body);
    const errors = check(v);
    if (!errors.empty) return this.renderWalkIn(req, res, v, errors.list, 400);
    const attorney = v['filerRole'] === 'attorney';
    // The form as checked: the API judges each value again and names the field it refuses.
    const open = {
      procedure: v['procedure'],
      province: o.province ?? (await this.provinceOf(o)),
      filerRole: v['filerRole'],
      employerId: v['employerId'],
      booker: { email: v['email'], mobile: v['mobile'] },
      holder: {
        fullName: v['fullName'],
        nationality: v['nationality'],
        documentType: v['documentType'],
        documentNumber: v['documentNumber'],
        birthDate: v['birthDate'],
      },
      ...(attorney
        ? {
            poder: {
              employerId: v['employerId'],
              attorneyName: v['filerName'],
              deedNumber: v['deedNumber'],
              notary: v['notary'],
              ...(v['validUntil'] ? { validUntil: v['validUntil'] } : {}),
            },
          }
        : {}),
      walkIn: {
        agencyId: o.agencyId,
        vulnerableGroup: v['vulnerableGroup'],
        identityNumber: v['identityNumber'],
        identityType: v['identityType'],
        fullName: v['filerName'],
      },
    } as OpenCaseBody;
    const r = await this.api.openCase(o.token, open, `walk-in-${text(body, '_csrf').slice(0, 16)}-${v['documentNumber']}`);
    if (!r.ok) {
      for (const f of r.error.fields ?? [{ field: 'identityNumber', message: r.error.message }]) errors.add(API_FIELDS[f.field] ?? 'identityNumber', f.message);
      return this.renderWalkIn(req, res, v, errors.list, r.status === 400 ? 400 : 422);
    }
    flash(req, { kind: 'success', title: 'Trámite abierto sin turno', text: 'La persona quedó registrada como llegada; revise sus documentos.' });
    res.redirect(303, casePath(r.data.caseId));
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
