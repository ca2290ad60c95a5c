import { isLocalDate } from '../calendar/guayaquil-time';
import { getProcedure } from '../procedures/catalogue';
import { CHANNELS, CHANNEL_LABELS, FILER_ROLES, FILER_ROLE_LABELS } from '../procedures/types';
import type { Condition, DocumentOwner, DocumentSpec, FilerFlag, Presentation, ProcedureDefinition, Requirement, SignatureRule } from '../procedures/types';
import { makeReason } from '../reasons/reasons';
import type { Reason } from '../reasons/reasons';
import { DomainError } from '../shared/domain-error';
import { isBlank, sameName } from '../shared/text';
import { checkUploadFacts } from '../uploads/sniff-upload';
import { normalizeDocumentNumber } from '../validators/passport';
import { stripSeparators } from '../validators/validation-result';
import { AFFILIATE_VERIFICATION_MAX_ATTEMPTS, isPasswordLinkUsable, isWithinPasswordSetWindow } from '../portal-credentials/affiliate-recovery';
import { checkFields, fieldKeys } from './field-checks';
import type { ChecklistInput, ChecklistItem, ChecklistOutcome, ChecklistResult, PresentedDocument, RequirementStatus } from './types';

interface Context {
  readonly input: ChecklistInput;
  readonly procedure: ProcedureDefinition;
  /** Requirement id chosen in each alternative group (absent: none presented). */
  readonly chosen: ReadonlyMap<string, Requirement>;
}

interface Evaluation {
  readonly status: RequirementStatus;
  readonly reasons: readonly Reason[];
  readonly note?: string;
}

const met = (note?: string): Evaluation => (note === undefined ? { status: 'met', reasons: [] } : { status: 'met', reasons: [], note });

function fromReasons(reasons: readonly Reason[], note?: string): Evaluation {
  const status: RequirementStatus = reasons.length === 0 ? 'met' : 'observed';
  return note === undefined ? { status, reasons } : { status, reasons, note };
}

// ---------------------------------------------------------------------------
// conditions and matching

function flagValue(input: ChecklistInput, flag: FilerFlag): boolean {
  return input.filer[flag] === true;
}

export function conditionHolds(condition: Condition, input: ChecklistInput): boolean {
  if ('channel' in condition) return input.channel === condition.channel;
  if ('roles' in condition) return condition.roles.includes(input.filer.role);
  if ('flag' in condition) return flagValue(input, condition.flag);
  if ('not' in condition) return !conditionHolds(condition.not, input);
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, input));
  return condition.any.some((c) => conditionHolds(c, input));
}

function applies(requirement: Requirement, input: ChecklistInput): boolean {
  return requirement.appliesWhen === undefined || conditionHolds(requirement.appliesWhen, input);
}

function ownerOf(doc: PresentedDocument): DocumentOwner {
  return doc.belongsTo ?? 'holder';
}

function matchingDocuments(spec: DocumentSpec, input: ChecklistInput): PresentedDocument[] {
  return input.documents.filter((doc) => spec.kinds.includes(doc.kind) && (spec.owners === undefined || spec.owners.includes(ownerOf(doc))));
}

/** First non-blank value of each field across the documents, in input order. */
function mergedFields(docs: readonly PresentedDocument[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const doc of docs) {
    for (const [key, value] of Object.entries(doc.fields)) {
      if (merged[key] === undefined && !isBlank(value)) merged[key] = value;
    }
  }
  return merged;
}

function isPresented(requirement: Requirement, input: ChecklistInput): boolean {
  if (requirement.check === 'document') return matchingDocuments(requirement.document, input).length > 0;
  if (requirement.check === 'request_fields') {
    const request = input.request ?? {};
    return fieldKeys(requirement.fields).some((key) => !isBlank(request[key]));
  }
  return false;
}

function alternativeOf(requirement: Requirement): { group: string; rank: number } | undefined {
  return requirement.check === 'document' || requirement.check === 'request_fields' ? requirement.alternative : undefined;
}

function chooseAlternatives(procedure: ProcedureDefinition, input: ChecklistInput): Map<string, Requirement> {
  const chosen = new Map<string, Requirement>();
  for (const group of procedure.alternativeGroups) {
    const members = procedure.requirements
      .filter((r) => alternativeOf(r)?.group === group.id && applies(r, input))
      .sort((a, b) => (alternativeOf(a)?.rank ?? 0) - (alternativeOf(b)?.rank ?? 0));
    const first = members.find((r) => isPresented(r, input));
    if (first) chosen.set(group.id, first);
  }
  return chosen;
}

function requirementName(requirement: Requirement): string {
  return requirement.check === 'document' ? requirement.document.name : requirement.label;
}

// ---------------------------------------------------------------------------
// document checks

function effectivePresentation(spec: DocumentSpec, input: ChecklistInput): Presentation {
  const override = spec.presentationOverrides?.find((o) => conditionHolds(o.when, input));
  const presentation = override?.presentation ?? spec.presentation;
  return input.channel === 'virtual' ? 'upload' : presentation;
}

function presentationReasons(presentation: Presentation, docs: readonly PresentedDocument[], name: string): Reason[] {
  const reasons: Reason[] = [];
  if (presentation === 'upload') {
    const uploaded = docs.filter((d) => d.upload !== undefined);
    if (uploaded.length === 0) return [makeReason('DOC.UPLOAD_MISSING', { document: name })];
    for (const doc of uploaded) {
      const refusal = doc.upload ? checkUploadFacts(doc.upload) : null;
      if (refusal) reasons.push({ code: refusal.code, category: 'observation', message: refusal.message });
    }
    return reasons;
  }
  const original = docs.some((d) => d.original);
  const copy = docs.some((d) => d.copy);
  switch (presentation) {
    case 'original':
      if (!original) reasons.push(makeReason('DOC.ORIGINAL_REQUIRED', { document: name }));
      break;
    case 'copy':
      if (!copy) reasons.push(makeReason('DOC.COPY_MISSING', { document: name }));
      break;
    case 'original_and_copy':
      if (!original) reasons.push(makeReason('DOC.ORIGINAL_REQUIRED', { document: name }));
      if (!copy) reasons.push(makeReason('DOC.COPY_MISSING', { document: name }));
      break;
    case 'original_or_copy':
      if (!original && !copy) reasons.push(makeReason('DOC.MISSING', { document: name }));
      break;
  }
  return reasons;
}

function signatureReasons(rule: SignatureRule, docs: readonly PresentedDocument[], name: string): Reason[] {
  const reasons: Reason[] = [];
  const signedAsRequired = docs.find((d) => d.signature === rule.required);
  const signature = signedAsRequired?.signature ?? docs[0]?.signature ?? 'none';
  if (rule.required === 'handwritten' && signature !== 'handwritten') {
    reasons.push(
      makeReason(signature === 'electronic' && rule.electronicRefused ? 'DOC.SIGNATURE_ELECTRONIC_NOT_ACCEPTED' : 'DOC.SIGNATURE_HANDWRITTEN_REQUIRED', {
        document: name,
      }),
    );
  }
  if (rule.required === 'electronic' && signature !== 'electronic') {
    reasons.push(makeReason('DOC.SIGNATURE_ELECTRONIC_REQUIRED', { document: name }));
  }
  const signedBy = (signedAsRequired ?? docs.find((d) => d.signedBy !== undefined))?.signedBy;
  if (signedBy !== undefined) {
    if (rule.forbiddenSigners?.includes(signedBy)) {
      reasons.push(makeReason('ELIGIBILITY.FILER_NOT_ALLOWED', { filer: 'El ciudadano extranjero cuya afiliación se gestiona' }));
    } else if (rule.allowedSigners && !rule.allowedSigners.includes(signedBy)) {
      reasons.push(makeReason('DOC.SIGNER_NOT_ALLOWED', { document: name, signer: rule.signerLabel ?? 'la persona autorizada' }));
    }
  }
  return reasons;
}

function evaluateDocument(requirement: Extract<Requirement, { check: 'document' }>, ctx: Context): Evaluation {
  const { input } = ctx;
  const spec = requirement.document;
  const docs = matchingDocuments(spec, input);
  if (docs.length === 0) return { status: 'missing', reasons: [makeReason('DOC.MISSING', { document: spec.name })] };

  const reasons: Reason[] = [];
  reasons.push(...presentationReasons(effectivePresentation(spec, input), docs, spec.name));
  if (spec.signature) reasons.push(...signatureReasons(spec.signature, docs, spec.name));
  const fields = mergedFields(docs);
  if (spec.fields) reasons.push(...checkFields(spec.fields, fields, spec.name).reasons);
  if (spec.mustBeRegisteredInSut && input.sutRecord === undefined && isBlank(fields['sutRegistrationNumber'])) {
    // 000, Requisitos 4: "registrado en la plataforma informática del Ministerio de Trabajo"
    reasons.push(makeReason('DOC.NOT_REGISTERED_SUT', { document: spec.name }));
  }
  if (spec.mustBeCurrent && input.asOf !== undefined) {
    const validUntil = fields['validUntil'] ?? input.sutRecord?.contractEnd;
    if (isLocalDate(validUntil) && isLocalDate(input.asOf) && validUntil < input.asOf) {
      reasons.push(makeReason('DOC.NOT_CURRENT', { document: spec.name }));
    }
  }
  if (spec.requiresEndorsedPoder && input.endorsedPoderOnFile !== true) {
    // 001, 6: "debe ser previamente validado y sumillado por la Coordinación/Unidad Provincial de Asesoría Jurídica"
    reasons.push(makeReason('PODER.NOT_ENDORSED'));
  }
  return fromReasons(reasons);
}

// ---------------------------------------------------------------------------
// other checks

function evaluateFiler(ctx: Context): Evaluation {
  const { input, procedure } = ctx;
  const forbidden = procedure.forbiddenFilers.find((f) => flagValue(input, f.flag) || (f.roles?.includes(input.filer.role) ?? false));
  if (forbidden) return fromReasons([makeReason('ELIGIBILITY.FILER_NOT_ALLOWED', { filer: forbidden.label })]);
  const allowed = procedure.filers.filter((f) => f.channels.includes(input.channel)).map((f) => f.role);
  return allowed.includes(input.filer.role)
    ? met()
    : fromReasons([makeReason('ELIGIBILITY.FILER_NOT_ALLOWED', { filer: FILER_ROLE_LABELS[input.filer.role] })]);
}

function evaluateChannel(ctx: Context): Evaluation {
  const offered = ctx.procedure.channels.some((c) => c.channel === ctx.input.channel);
  return offered ? met() : fromReasons([makeReason('ELIGIBILITY.CHANNEL_NOT_AVAILABLE', { channel: CHANNEL_LABELS[ctx.input.channel] })]);
}

function evaluateAppointment(requirement: Extract<Requirement, { check: 'appointment' }>, ctx: Context): Evaluation {
  const { input } = ctx;
  if (requirement.walkInForVulnerableGroups && input.filer.isVulnerable === true) {
    // 001, NOTA: "Si el solicitante ... pertenece a algún grupo vulnerable ... no necesita generar un turno en línea."
    return met('Grupo vulnerable: puede solicitar el turno de manera presencial en el Centro de Atención Universal.');
  }
  const appointment = input.appointment;
  if (!appointment?.confirmationPresented) {
    return { status: 'missing', reasons: [makeReason('APPOINTMENT.MISSING')] };
  }
  const booked = appointment.bookedForIdentityNumber;
  const attendee = input.filer.identityNumber;
  if (requirement.inNameOfAttendee && booked !== undefined && attendee !== undefined && stripSeparators(booked) !== stripSeparators(attendee)) {
    // 001, 1: "el turno debe generarse obligatoriamente a nombre de la persona a ser atendida"
    return fromReasons([makeReason('APPOINTMENT.NOT_IN_FILER_NAME')]);
  }
  return met();
}

function evaluateIdentityMatch(requirement: Extract<Requirement, { check: 'identity_match' }>, ctx: Context): Evaluation {
  const { input } = ctx;
  const chosen = ctx.chosen.get(requirement.alternativeGroup);
  if (!chosen || chosen.check !== 'document') {
    return {
      status: 'missing',
      reasons: [makeReason('DOC.MISSING', { document: 'Documento de identidad del extranjero' })],
    };
  }
  const docName = chosen.document.name;
  const identityDocs = matchingDocuments(chosen.document, input);
  const identity = mergedFields(identityDocs);
  const presentedKind = identityDocs[0]?.kind;

  const sutDocs = input.documents.filter((d) => d.kind === 'sut_contract');
  const sutFields = mergedFields(sutDocs);
  const sut = input.sutRecord ?? {
    foreignerFullName: sutFields['foreignerFullName'],
    foreignerDocumentNumber: sutFields['foreignerDocumentNumber'],
    foreignerDocumentKind: sutFields['foreignerDocumentKind'] as 'passport' | 'visa' | 'home_country_id' | undefined,
  };
  const requestFields = mergedFields(input.documents.filter((d) => d.kind === 'request_letter'));

  const mismatches: Reason[] = [];
  const missing: Reason[] = [];

  const compare = (
    against: { name?: string | undefined; number?: string | undefined },
    code: 'DOC.DATA_MISMATCH_SUT' | 'DOC.DATA_MISMATCH_REQUEST',
    sourceName: string,
    available: boolean,
  ): void => {
    if (!available) {
      missing.push(makeReason('DOC.MISSING', { document: sourceName }));
      return;
    }
    let compared = 0;
    const number = identity['documentNumber'];
    if (!isBlank(number) && !isBlank(against.number)) {
      compared++;
      if (normalizeDocumentNumber(number ?? '') !== normalizeDocumentNumber(against.number ?? '')) {
        mismatches.push(makeReason(code, { document: docName, field: 'Número de documento' }));
      }
    }
    const name = identity['fullName'];
    if (!isBlank(name) && !isBlank(against.name)) {
      compared++;
      if (!sameName(name ?? '', against.name ?? '')) {
        mismatches.push(makeReason(code, { document: docName, field: 'Nombres y apellidos' }));
      }
    }
    if (compared === 0) {
      missing.push(
        makeReason('DOC.FIELD_MISSING', {
          document: sourceName,
          field: 'Nombres y número de documento del extranjero',
        }),
      );
    }
  };

  const sutAvailable = input.sutRecord !== undefined || sutDocs.length > 0;
  if (sutAvailable && sut.foreignerDocumentKind !== undefined && presentedKind !== undefined && sut.foreignerDocumentKind !== presentedKind) {
    // 001, 4: "Entregar el documento que acredite la identidad del extranjero ... (registrado en el sistema SUT)"
    mismatches.push(makeReason('DOC.DATA_MISMATCH_SUT', { document: docName, field: 'Tipo de documento' }));
  }
  compare({ name: sut.foreignerFullName, number: sut.foreignerDocumentNumber }, 'DOC.DATA_MISMATCH_SUT', 'Registro del contrato SUT', sutAvailable);
  compare(
    { name: requestFields['foreignerFullName'], number: requestFields['foreignerDocumentNumber'] },
    'DOC.DATA_MISMATCH_REQUEST',
    'Solicitud de emisión de código de identificación para extranjero',
    input.documents.some((d) => d.kind === 'request_letter'),
  );

  const note = `Documento de identidad usado: ${docName}.`;
  if (mismatches.length > 0) return { status: 'observed', reasons: [...mismatches, ...missing], note };
  if (missing.length > 0) return { status: 'missing', reasons: missing, note };
  return met(note);
}

function evaluateRequestFields(requirement: Extract<Requirement, { check: 'request_fields' }>, ctx: Context): Evaluation {
  const outcome = checkFields(requirement.fields, ctx.input.request ?? {}, null);
  if (outcome.reasons.length === 0) return met();
  return { status: outcome.anyPresent ? 'observed' : 'missing', reasons: outcome.reasons };
}

function evaluateEmbeddedFields(requirement: Extract<Requirement, { check: 'embedded_fields' }>, ctx: Context): Evaluation {
  const docs = ctx.input.documents.filter((d) => d.kind === requirement.documentKind);
  if (docs.length === 0) {
    return { status: 'missing', reasons: [makeReason('DOC.MISSING', { document: requirement.documentName })] };
  }
  const outcome = checkFields(requirement.fields, mergedFields(docs), requirement.documentName);
  if (outcome.reasons.length === 0) return met();
  return { status: outcome.anyPresent ? 'observed' : 'missing', reasons: outcome.reasons };
}

function evaluatePortalStep(requirement: Extract<Requirement, { check: 'portal_step' }>, ctx: Context): Evaluation {
  const portal = ctx.input.portal ?? {};
  const pending: Evaluation = {
    status: 'missing',
    reasons: [makeReason('PORTAL.STEP_PENDING', { step: requirement.label })],
  };
  const done = (flag: boolean | undefined): Evaluation => (flag === true ? met() : pending);
  switch (requirement.step) {
    case 'captcha':
      return done(portal.captchaPassed);
    case 'birth_day_month':
      return done(portal.birthDayMonthConfirmed);
    case 'work_history_questions':
      return done(portal.workHistoryAnswered);
    case 'personal_questions':
      return done(portal.personalQuestionsAnswered);
    case 'email_confirmed':
      return done(portal.emailConfirmed);
    case 'truthful_declaration':
      return done(portal.declarationAccepted);
    case 'attempts':
      // 003, VIRTUAL 8: "tiene 5 intentos, de lo contrario su clave será bloqueada"
      return (portal.failedAttempts ?? 0) >= AFFILIATE_VERIFICATION_MAX_ATTEMPTS ? fromReasons([makeReason('PORTAL.CREDENTIAL_LOCKED')]) : met();
    case 'password_link':
      if (portal.linkIssuedAt === undefined || portal.linkOpenedAt === undefined) return pending;
      // 003, VIRTUAL 10: "su duración es de 15 minutos"
      return isPasswordLinkUsable(portal.linkIssuedAt, portal.linkOpenedAt) ? met() : fromReasons([makeReason('PORTAL.LINK_EXPIRED')]);
    case 'new_password': {
      const password = portal.newPassword;
      if (password === undefined) return pending;
      if (!password.valid) return fromReasons([makeReason(password.code, { field: 'Nueva clave' })]);
      // 003, VIRTUAL 12: "tiene 15 minutos para realizar este proceso"
      if (portal.linkOpenedAt !== undefined && !isWithinPasswordSetWindow(portal.linkOpenedAt, password.setAt)) {
        return fromReasons([makeReason('PORTAL.PASSWORD_WINDOW_EXPIRED')]);
      }
      return met();
    }
  }
}

function evaluateRequirement(requirement: Requirement, ctx: Context): Evaluation {
  const { input } = ctx;
  switch (requirement.check) {
    case 'filer':
      return evaluateFiler(ctx);
    case 'channel':
      return evaluateChannel(ctx);
    case 'holder_without_cedula':
      return input.filer.hasCedula === true ? fromReasons([makeReason('ELIGIBILITY.HAS_CEDULA')]) : met();
    case 'holder_without_foreigner_code':
      return input.filer.hasForeignerCode === true ? fromReasons([makeReason('ELIGIBILITY.HAS_FOREIGNER_CODE')]) : met();
    case 'employer_registered':
      return input.filer.employerRegistered === true ? met() : { status: 'missing', reasons: [makeReason('ELIGIBILITY.EMPLOYER_NOT_REGISTERED')] };
    case 'appointment':
      return evaluateAppointment(requirement, ctx);
    case 'document':
      return evaluateDocument(requirement, ctx);
    case 'identity_match':
      return evaluateIdentityMatch(requirement, ctx);
    case 'request_fields':
      return evaluateRequestFields(requirement, ctx);
    case 'embedded_fields':
      return evaluateEmbeddedFields(requirement, ctx);
    case 'portal_step':
      return evaluatePortalStep(requirement, ctx);
  }
}

function dedupe(reasons: readonly Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isDocumentShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, fields } = value as { kind?: unknown; fields?: unknown };
  return typeof kind === 'string' && typeof fields === 'object' && fields !== null;
}

function assertInput(input: ChecklistInput): void {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null) problems.push('input must be an object');
  else {
    if (!CHANNELS.includes(input.channel)) problems.push(`unknown channel ${String(input.channel)}`);
    if (!input.filer || !FILER_ROLES.includes(input.filer.role)) problems.push('filer.role is missing or unknown');
    if (!Array.isArray(input.documents)) problems.push('documents must be an array');
    else if (!input.documents.every((d: unknown) => isDocumentShaped(d))) {
      problems.push('every document needs kind, original, copy and fields');
    }
  }
  if (problems.length > 0) throw new DomainError('CHECKLIST.INVALID_INPUT', problems.join('; '), { problems });
}

/**
 * Evaluate every requirement of the procedure's sheet for one filing.
 * Pure and deterministic: items follow the sheet's order, reasons the
 * order of the checks. Requirements that do not apply to this filer or
 * channel are listed as not_applicable.
 */
export function evaluateChecklist(input: ChecklistInput): ChecklistResult {
  const procedure = getProcedure(input.procedure);
  assertInput(input);
  const ctx: Context = { input, procedure, chosen: chooseAlternatives(procedure, input) };

  const items: ChecklistItem[] = procedure.requirements.map((requirement) => {
    const base = { requirementId: requirement.id, label: requirement.label, source: requirement.source };
    const alternative = alternativeOf(requirement);
    const group = alternative?.group;
    const withGroup = group === undefined ? {} : { alternativeGroup: group };

    if (!applies(requirement, input)) {
      return {
        ...base,
        ...withGroup,
        status: 'not_applicable',
        reasons: [],
        note: requirement.notApplicableNote ?? 'No aplica a este caso.',
      };
    }
    if (group !== undefined) {
      const chosen = ctx.chosen.get(group);
      const groupDef = procedure.alternativeGroups.find((g) => g.id === group);
      if (chosen === undefined) {
        return {
          ...base,
          ...withGroup,
          status: 'missing',
          reasons: [
            makeReason('DOC.ALTERNATIVE_MISSING', {
              document: groupDef?.label ?? 'el documento',
              alternatives: groupDef?.alternativesText ?? 'uno de los documentos alternativos',
            }),
          ],
        };
      }
      if (chosen.id !== requirement.id) {
        return {
          ...base,
          ...withGroup,
          status: 'not_applicable',
          reasons: [],
          note: `No aplica: se presentó «${requirementName(chosen)}».`,
        };
      }
    }
    const evaluation = evaluateRequirement(requirement, ctx);
    const item: ChecklistItem = {
      ...base,
      ...withGroup,
      status: evaluation.status,
      reasons: dedupe(evaluation.reasons),
    };
    return evaluation.note === undefined ? item : { ...item, note: evaluation.note };
  });

  const reasons = items.flatMap((item) => item.reasons.map((r) => ({ ...r, requirementId: item.requirementId })));
  const outcome: ChecklistOutcome = reasons.some((r) => r.category === 'rejection')
    ? 'rejected'
    : items.some((i) => i.status === 'missing' || i.status === 'observed')
      ? 'observed'
      : 'accepted';
  return {
    procedure: procedure.type,
    channel: input.channel,
    items,
    outcome,
    mayProceed: outcome === 'accepted',
    reasons,
  };
}
