import * as contracts from './index';
import { MESSAGE_SCHEMAS, messageProblem, messageSchema } from './message-schemas';
import { WORKFLOW_TYPES } from './temporal';

const CASE = WORKFLOW_TYPES.inPersonCase;
const OFFICER = { id: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' };

/** Every update and signal definition the contracts export (defineUpdate / defineSignal). */
const definitions = (Object.values(contracts) as unknown[]).filter(
  (v): v is { type: 'update' | 'signal'; name: string } =>
    typeof v === 'object' &&
    v !== null &&
    ['update', 'signal'].includes((v as { type?: unknown }).type as string) &&
    typeof (v as { name?: unknown }).name === 'string',
);

describe('message schemas (ADR 0014): every update and signal declared, strictly', () => {
  it('declares every workflow type', () => {
    expect(Object.keys(MESSAGE_SCHEMAS).sort()).toEqual(Object.values(WORKFLOW_TYPES).sort());
  });

  it('declares every update and signal the contracts define (a new one without a schema fails here)', () => {
    expect(definitions.length).toBeGreaterThan(15);
    const undeclared = definitions.filter((d) => !Object.values(WORKFLOW_TYPES).some((t) => messageSchema(t, d.type, d.name)));
    expect(undeclared.map((d) => `${d.type} ${d.name}`)).toEqual([]);
  });

  it('declares nothing the contracts do not define', () => {
    const names = new Set(definitions.map((d) => `${d.type} ${d.name}`));
    const extra = Object.values(MESSAGE_SCHEMAS).flatMap((messages) => Object.entries(messages).map(([name, s]) => `${s.kind} ${name}`));
    expect(extra.filter((m) => !names.has(m))).toEqual([]);
  });

  it('takes what the API sends', () => {
    expect(messageProblem(CASE, 'update', 'checkIn', [{ actor: OFFICER }])).toBeUndefined();
    expect(messageProblem(CASE, 'update', 'cancel', [{ actor: { id: '1712345675', role: 'applicant' }, reason: 'no puedo' }])).toBeUndefined();
    expect(messageProblem(WORKFLOW_TYPES.affiliatePassword, 'update', 'ready', [])).toBeUndefined();
    expect(
      messageProblem(WORKFLOW_TYPES.poderReview, 'update', 'endorsePoder', [
        { actor: { id: 'legal-1', role: 'legal_unit', province: 'PICHINCHA' }, validUntil: '2027-12-31' },
      ]),
    ).toBeUndefined();
  });

  it.each([
    ['a number id', [{ actor: { ...OFFICER, id: 1 } }], 'actor.id'],
    ['an object id', [{ actor: { ...OFFICER, id: { $ne: '' } } }], 'actor.id'],
    ['an empty id', [{ actor: { ...OFFICER, id: '' } }], 'actor.id'],
    ['no id', [{ actor: { role: 'case_manager', agencyId: 'UIO-NORTE' } }], 'actor.id'],
    ['no role', [{ actor: { id: 'x', agencyId: 'UIO-NORTE' } }], 'actor.role'],
    ['an unknown role', [{ actor: { ...OFFICER, role: 'root' } }], 'actor.role'],
    ['a case manager without agency', [{ actor: { id: 'x', role: 'case_manager' } }], 'actor.agencyId'],
    ['an applicant with an agency', [{ actor: { id: 'x', role: 'applicant', agencyId: 'UIO-NORTE' } }], 'actor'],
    ['an extra key in the actor', [{ actor: { ...OFFICER, admin: true } }], 'actor.admin'],
    ['an extra key', [{ actor: OFFICER, force: true }], 'force'],
    ['a prototype key', [JSON.parse('{"actor":{"id":"x","role":"case_manager","agencyId":"A"},"__proto__":{"x":1}}')], '__proto__'],
    ['no actor', [{}], 'actor'],
    ['null', [null], 'argumentos'],
    ['no arguments', [], 'argumentos'],
    ['two arguments', [{ actor: OFFICER }, {}], 'argumentos'],
    ['an array', [[{ actor: OFFICER }]], 'argumentos'],
  ])('refuses checkIn with %s, naming the field', (_label, args, field) => {
    expect(messageProblem(CASE, 'update', 'checkIn', args)).toEqual({ field, message: expect.stringContaining(field) });
  });

  it('refuses a legal unit without province, bad documents, null booleans, and an undeclared message', () => {
    expect(messageProblem(WORKFLOW_TYPES.poderReview, 'update', 'endorsePoder', [{ actor: { id: 'l', role: 'legal_unit' } }])?.field).toBe('actor.province');
    expect(messageProblem(CASE, 'update', 'recordDocuments', [{ actor: OFFICER, documents: 'all' }])?.field).toBe('documents');
    expect(messageProblem(CASE, 'update', 'recordDocuments', [{ actor: OFFICER, documents: [], holderHasCedula: null }])?.field).toBe('holderHasCedula');
    expect(
      messageProblem(CASE, 'update', 'recordDocuments', [{ actor: OFFICER, documents: [{ kind: 'passport', original: true, copy: 1, fields: {} }] }])?.field,
    ).toBe('documents[0].copy');
    expect(messageProblem(CASE, 'update', 'endorsePoder', [{ actor: OFFICER }])?.field).toBe('endorsePoder');
    expect(messageProblem(CASE, 'signal', 'checkIn', [{ actor: OFFICER }])?.field).toBe('checkIn');
    expect(messageProblem(WORKFLOW_TYPES.historyArchiver, 'signal', 'anything', [])?.field).toBe('anything');
    expect(messageProblem(WORKFLOW_TYPES.affiliatePassword, 'update', 'ready', [{}])?.field).toBe('argumentos');
  });
});
