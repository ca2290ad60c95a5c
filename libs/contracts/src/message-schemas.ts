import { DOCUMENT_KIND_LABELS, REASON_CODES } from '@tramites/domain';
import type { ActorRole } from './case';
import type { InputProblem } from './input-checks';
import { WORKFLOW_TYPES, type WorkflowType } from './temporal';

/**
 * ADR 0014, message schemas: every update and every signal of every workflow type is declared
 * here with the exact shape of its arguments. A workflow refuses a message whose arguments do
 * not parse (unknown or missing keys, wrong types, values outside an enum, texts too long), and
 * a message that is not declared at all, before any handler runs; an update is refused in its
 * validator, so a refused one never reaches the workflow's history. The schemas check shape
 * only: the workflows' own guards keep the rules of the case (state, role, scope, formats).
 * Update schemas run in validators, which do not run on replay: they may change freely. Signal
 * schemas are checked when a signal is handled, which replays: changing one is a change of the
 * workflows' behaviour, behind a `patched()` of its own.
 */

/** A check of one value: the first problem found (Spanish, naming the field), or undefined. */
export type Schema = (value: unknown, path: string) => InputProblem | undefined;

const problem = (path: string, message: string): InputProblem => ({ field: path || 'argumentos', message: `${path || 'argumentos'} ${message}` });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** A text of `min` to `max` characters, matching `pattern` when given. */
export const text =
  (min: number, max: number, pattern?: RegExp): Schema =>
  (value, path) => {
    if (typeof value !== 'string') return problem(path, 'debe ser un texto');
    if (value.length < min) return problem(path, min === 1 ? 'no puede estar vacío' : `debe tener al menos ${min} caracteres`);
    if (value.length > max) return problem(path, `admite hasta ${max} caracteres`);
    if (pattern && !pattern.test(value)) return problem(path, 'no tiene el formato esperado');
    return undefined;
  };

export const bool: Schema = (value, path) => (typeof value === 'boolean' ? undefined : problem(path, 'debe ser verdadero o falso'));

/** A whole number between `min` and `max`. */
export const int =
  (min: number, max: number): Schema =>
  (value, path) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : problem(path, `debe ser un número entero entre ${min} y ${max}`);

/** A finite number between `min` and `max`. */
export const num =
  (min: number, max: number): Schema =>
  (value, path) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? undefined : problem(path, `debe ser un número entre ${min} y ${max}`);

/** One of the given texts. */
export const oneOf =
  (values: readonly string[]): Schema =>
  (value, path) =>
    typeof value === 'string' && values.includes(value) ? undefined : problem(path, `debe ser uno de: ${values.join(', ')}`);

/** A list of `min` to `max` items, each checked by `item`. */
export const list =
  (item: Schema, min: number, max: number): Schema =>
  (value, path) => {
    if (!Array.isArray(value)) return problem(path, 'debe ser una lista');
    if (value.length < min || value.length > max) return problem(path, `debe tener entre ${min} y ${max} elementos`);
    for (let i = 0; i < value.length; i += 1) {
      const found = item(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  };

/** An object of texts (keys up to 60 characters, values up to `maxValue`), at most `maxKeys` of them. */
export const textRecord =
  (maxKeys: number, maxValue: number): Schema =>
  (value, path) => {
    if (!isRecord(value)) return problem(path, 'debe ser un objeto de textos');
    const entries = Object.entries(value);
    if (entries.length > maxKeys) return problem(path, `admite hasta ${maxKeys} datos`);
    for (const [key, v] of entries) {
      if (key.length === 0 || key.length > 60) return problem(path, 'tiene un nombre de dato vacío o demasiado largo');
      const found = text(0, maxValue)(v, `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  };

/** An object with exactly these keys: `required` must be there, `optional` may be; any other key is refused. */
export const object =
  (required: Readonly<Record<string, Schema>>, optional: Readonly<Record<string, Schema>> = {}): Schema =>
  (value, path) => {
    if (!isRecord(value)) return problem(path, 'debe ser un objeto');
    const at = (key: string): string => (path ? `${path}.${key}` : key);
    for (const key of Object.keys(value)) {
      if (!has(required, key) && !has(optional, key)) return problem(at(key), 'no es un dato admitido');
    }
    for (const [key, check] of Object.entries(required)) {
      if (!has(value, key) || value[key] === undefined) return problem(at(key), 'es obligatorio');
      const found = check(value[key], at(key));
      if (found) return found;
    }
    for (const [key, check] of Object.entries(optional)) {
      if (!has(value, key)) continue;
      const found = check(value[key], at(key));
      if (found) return found;
    }
    return undefined;
  };

/** Both checks, in order. */
const and =
  (first: Schema, then: (value: Record<string, unknown>, path: string) => InputProblem | undefined): Schema =>
  (value, path) =>
    first(value, path) ?? then(value as Record<string, unknown>, path);

export const ACTOR_ROLES: readonly ActorRole[] = ['applicant', 'case_manager', 'legal_unit', 'auditor', 'admin', 'supervisor', 'system'];

const officeCode = text(1, 64);

/**
 * Who acts: a non-empty id, a known role; a case manager names the agency and the legal unit
 * the province (the scope the workflows' guards check); an applicant names neither.
 */
export const actorSchema: Schema = and(
  object({ id: text(1, 200), role: oneOf(ACTOR_ROLES) }, { agencyId: officeCode, province: officeCode }),
  (actor, path) => {
    if (actor['role'] === 'case_manager' && actor['agencyId'] === undefined) return problem(`${path}.agencyId`, 'es obligatorio para un gestor de casos');
    if (actor['role'] === 'legal_unit' && actor['province'] === undefined) return problem(`${path}.province`, 'es obligatorio para la unidad jurídica');
    if (actor['role'] === 'supervisor' && actor['agencyId'] === undefined) return problem(`${path}.agencyId`, 'es obligatorio para un supervisor');
    if (actor['role'] === 'applicant' && (actor['agencyId'] !== undefined || actor['province'] !== undefined)) {
      return problem(path, 'de un solicitante no lleva agencia ni provincia');
    }
    return undefined;
  },
);

/** The arguments of a message: exactly these, in order (no more, no fewer). */
export const argsOf =
  (...items: readonly Schema[]): Schema =>
  (value) => {
    if (!Array.isArray(value)) return problem('', 'deben ser una lista');
    if (value.length !== items.length) return problem('', `deben ser ${items.length}, no ${value.length}`);
    for (let i = 0; i < items.length; i += 1) {
      const found = (items[i] as Schema)(value[i], '');
      if (found) return found;
    }
    return undefined;
  };

/** One argument: an object with an actor and the given keys. */
const withActor = (required: Readonly<Record<string, Schema>> = {}, optional: Readonly<Record<string, Schema>> = {}): Schema =>
  argsOf(object({ actor: actorSchema, ...required }, optional));

const OWNERS = ['holder', 'employer', 'attorney', 'third_party', 'legal_representative'];
const DOCUMENT_KINDS = Object.keys(DOCUMENT_KIND_LABELS);
const IDENTITY_DOCUMENTS = ['passport', 'visa', 'home_country_id'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const presentedDocument = object(
  { kind: oneOf(DOCUMENT_KINDS), original: bool, copy: bool, fields: textRecord(40, 500) },
  { belongsTo: oneOf(OWNERS), signature: oneOf(['handwritten', 'electronic', 'none']), signedBy: oneOf(OWNERS) },
);

const recordDocuments = withActor(
  { documents: list(presentedDocument, 0, 30) },
  {
    sutRecord: object(
      {},
      {
        registrationNumber: text(0, 120),
        foreignerFullName: text(0, 200),
        foreignerDocumentNumber: text(0, 60),
        foreignerDocumentKind: oneOf(IDENTITY_DOCUMENTS),
        contractEnd: text(0, 40),
      },
    ),
    request: textRecord(20, 2000),
    holderHasCedula: bool,
    holderHasForeignerCode: bool,
    isForeignWorkerHimself: bool,
  },
);

const instant = text(1, 40);
const reasonSchema = object({ code: oneOf(REASON_CODES), category: oneOf(['observation', 'rejection']), message: text(0, 1000) });

/** A poder review's decision as it tells the cases that wait for it (PoderView). */
const poderView = object(
  {
    poderId: text(1, 300),
    caseId: text(1, 64),
    province: text(1, 64),
    status: oneOf(['pending', 'endorsed', 'rejected']),
    requestedAt: instant,
    dueAt: instant,
    eventCount: int(0, 1_000_000),
  },
  {
    remindedAt: instant,
    escalatedAt: instant,
    decidedAt: instant,
    decidedBy: actorSchema,
    reason: reasonSchema,
    businessMsTaken: num(0, Number.MAX_SAFE_INTEGER),
    validUntil: text(1, 10, DATE),
  },
);

export type MessageKind = 'update' | 'signal';

export interface MessageSchema {
  kind: MessageKind;
  args: Schema;
  /** Sent by the API for an actor (true), or by the API without one (`ready`), or by a workflow (signals). */
  actor: boolean;
}

const update = (args: Schema, actor = true): MessageSchema => ({ kind: 'update', args, actor });
const signal = (args: Schema): MessageSchema => ({ kind: 'signal', args, actor: false });

const CREDENTIAL_COMMON: Readonly<Record<string, MessageSchema>> = {
  ready: update(argsOf(), false),
  passwordSet: update(withActor({ linkId: text(1, 200), setAt: instant })),
  resendLink: update(withActor()),
};

/**
 * Every message every workflow type accepts, by type and name. A workflow type with no
 * messages is declared empty: any update or signal sent to it is refused.
 */
export const MESSAGE_SCHEMAS: Readonly<Record<WorkflowType, Readonly<Record<string, MessageSchema>>>> = {
  [WORKFLOW_TYPES.inPersonCase]: {
    verifyCode: update(withActor({ code: text(1, 16) })),
    resendCode: update(withActor()),
    bookSlot: update(withActor({ slotId: text(1, 64) })),
    reschedule: update(withActor({ slotId: text(1, 64) })),
    cancel: update(withActor({ reason: text(0, 500) })),
    checkIn: update(withActor()),
    recordDocuments: update(recordDocuments),
    retryStuck: update(withActor()),
    resolveDuplicate: update(withActor({ decision: text(1, 40), reason: text(0, 500) }, { code: text(0, 20) })),
    poderDecided: signal(argsOf(poderView)),
  },
  [WORKFLOW_TYPES.poderReview]: {
    endorsePoder: update(withActor({}, { validUntil: text(1, 10, DATE), note: text(0, 1000) })),
    rejectPoder: update(withActor({ reasonCode: text(1, 64) }, { note: text(0, 1000) })),
    subscribeToPoderDecision: signal(argsOf(object({ caseId: text(1, 64), workflowId: text(1, 200) }))),
  },
  [WORKFLOW_TYPES.affiliatePassword]: {
    ...CREDENTIAL_COMMON,
    identityChecked: update(
      withActor({
        ordinal: int(1, 1000),
        outcome: oneOf(['passed', 'failed', 'locked']),
        failedParts: list(oneOf(['birth', 'work_history', 'personal']), 0, 3),
        failedTotal: int(0, 1000),
      }),
    ),
    confirmEmail: update(withActor({ email: text(3, 254) })),
    unlockCredential: update(withActor({ reason: text(0, 500) })),
  },
  [WORKFLOW_TYPES.employerPassword]: {
    ...CREDENTIAL_COMMON,
    submitUploads: update(
      withActor({
        uploads: list(object({ documentId: text(1, 64), kind: oneOf(DOCUMENT_KINDS) }, { belongsTo: oneOf(OWNERS) }), 0, 12),
        request: textRecord(20, 2000),
      }),
    ),
    recordDocuments: update(recordDocuments),
    officeReview: update(withActor({ decision: oneOf(['approve', 'observe', 'reject']) }, { observations: text(0, 2000) })),
  },
  [WORKFLOW_TYPES.historyArchiver]: {},
  [WORKFLOW_TYPES.eventLogCheckpoint]: {},
  [WORKFLOW_TYPES.followCodeEmail]: {},
  [WORKFLOW_TYPES.issuedDocumentResend]: {},
};

/** The schema of a message, if the workflow type declares one of that kind and name. */
export function messageSchema(workflowType: string, kind: MessageKind, name: string): MessageSchema | undefined {
  const declared = (MESSAGE_SCHEMAS as Readonly<Record<string, Readonly<Record<string, MessageSchema>>>>)[workflowType];
  const schema = declared && has(declared, name) ? declared[name] : undefined;
  return schema?.kind === kind ? schema : undefined;
}

/**
 * Why a message's arguments are refused (undefined when they parse): an undeclared message,
 * or the first problem of its arguments, naming the field in Spanish.
 */
export function messageProblem(workflowType: string, kind: MessageKind, name: string, args: unknown): InputProblem | undefined {
  const schema = messageSchema(workflowType, kind, name);
  if (!schema) return { field: name, message: `${kind === 'update' ? 'La acción' : 'La señal'} ${name} no existe en este tipo de trámite` };
  return schema.args(args, '');
}
