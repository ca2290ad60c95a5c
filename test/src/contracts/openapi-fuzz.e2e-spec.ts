import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Principal } from '@tramites/api';
import { ERROR_CODES } from '@tramites/contracts';
import { createWebApp, loadWebConfig } from '@tramites/web';
import fc from 'fast-check';
import request, { type Test } from 'supertest';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TEST_WEB_SESSION_STORE_KEY } from '@tramites/testing/web';

/**
 * Requests generated from the API's own OpenAPI document (which publishes what the server
 * enforces: apps/api/src/http/openapi-completion.ts), for every route, as the roles that may
 * call it: mostly valid requests, a share with one targeted mutation (a field missing, of the
 * wrong kind, with NUL, a bidi control or an over-long text, an unknown field or parameter,
 * a compressed or latin-1 body). Every answer: no 5xx, a status the document declares, every
 * refusal in the error shape and in Spanish. Each route must see a minimum share of its
 * requests past the door (validation, authentication) and into its handler, or the fuzzer
 * would be testing only the door. Multipart uploads and the web's booking forms (through
 * HTTP, with the session cookie and its CSRF token) are fuzzed too. A run that stops early
 * (fast-check's time limit) fails.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
};
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ROLES: Array<Principal | undefined> = [
  undefined,
  { sub: 'PFUZZ0001', role: 'applicant' },
  { sub: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' },
  { sub: 'legal-pic-1', role: 'legal_unit', province: 'PICHINCHA' },
  { sub: 'auditor-1', role: 'auditor' },
  { sub: 'admin-1', role: 'admin' },
  // Every role of the API: the supervisor's routes (claims, reassignment, the agency's day) are fuzzed past their door too.
  { sub: 'supervisor-uio-1', role: 'supervisor', agencyId: 'UIO-NORTE' },
];

/**
 * Codes of the door: a request refused with one of these never reached its handler (validation,
 * body parsing, routing, authentication, role). Anything else, success or refusal, did.
 */
const DOOR_CODES = new Set([
  'VALIDATION.FAILED',
  'REQUEST.MALFORMED',
  'REQUEST.TOO_LARGE',
  'REQUEST.TOO_DEEP',
  'REQUEST.CHARSET_UNSUPPORTED',
  'REQUEST.ENCODING_UNSUPPORTED',
  'ROUTE.NOT_FOUND',
  'ROUTE.METHOD_NOT_ALLOWED',
  'AUTH.TOKEN_REQUIRED',
  'AUTH.TOKEN_INVALID',
  'AUTH.ROLE_NOT_ALLOWED',
  'RATE.LIMITED',
  'UPLOAD.FILE_REQUIRED',
  'UPLOAD.INVALID_MULTIPART',
]);

/** Requests per route, and the share of them that must get past the door. */
const RUNS = 40;
const MIN_PAST_DOOR = 0.5;

/** Words of Spanish that every sentence of ours has at least one of. */
const SPANISH_WORDS = new Set(
  'de la el los las lo un una es son debe no que en por con para del al se su sus o y ya ser tiene este esta ese esa hay sin más puede solo otra otro cada como hasta desde entre admite sumo obligatorio obligatoria'.split(
    ' ',
  ),
);
/** English of a library, an SDK or JavaScript: never in an answer. */
const ENGLISH_WORDS = new Set(
  'the is are must should be of and to not property value invalid required failed error undefined null nan handler expected cannot with this that object array string number'.split(
    ' ',
  ),
);

/**
 * Why `message` is not our Spanish: the vocabulary's own text passes; any other text (a
 * message naming fields) must have Spanish words and no English word once the field names and
 * identifiers it quotes are taken out.
 */
function notSpanish(code: string, message: string, fields: string[], identifiers: ReadonlySet<string> = new Set()): string | undefined {
  if ((ERROR_CODES as Record<string, { message: string }>)[code]?.message === message) return undefined;
  let prose = message;
  for (const f of [...fields].sort((a, b) => b.length - a.length)) prose = prose.split(f).join(' ');
  // Identifiers and values it quotes: the document's field, parameter and enum names, camelCase,
  // dotted, snake_case, upper-case codes.
  const words = (prose.match(/[\p{L}_.\d]+/gu) ?? [])
    .filter((w) => !identifiers.has(w) && !/[._\d]|[a-z][A-Z]|^[A-Z]{2,}$/.test(w))
    .map((w) => w.toLowerCase());
  const english = words.filter((w) => ENGLISH_WORDS.has(w));
  if (english.length > 0) return `English words: ${english.join(', ')}`;
  if (!words.some((w) => SPANISH_WORDS.has(w)) && !/[áéíóúñ¿¡]/i.test(prose)) return 'no Spanish word';
  return undefined;
}

/** encodeURIComponent that also sends lone surrogates (as their WTF-8 bytes) instead of throwing. */
function percent(value: string): string {
  return Array.from(value)
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const u = ch.charCodeAt(0);
        return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
    })
    .join('');
}

function resolve(doc: Document, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop() ?? '']);
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((s) => resolve(doc, s));
    const { allOf: _a, ...own } = schema;
    return parts.reduce<Schema>((acc, s) => ({ ...acc, ...s, properties: { ...acc.properties, ...s.properties } }), own);
  }
  return schema;
}

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzáéíóúñ'];

/** A value the schema accepts: its enum, its pattern, its example, its format, its bounds. */
function valid(doc: Document, raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.type === 'object' || s.properties) {
    if (depth > 5) return fc.constant({});
    const required = new Set(s.required ?? []);
    const entries = Object.entries(s.properties ?? {}).map(([key, child]) =>
      required.has(key) ? valid(doc, child, depth + 1).map((v) => [key, v] as const) : fc.option(valid(doc, child, depth + 1).map((v) => [key, v] as const)),
    );
    const extra =
      typeof s.additionalProperties === 'object'
        ? fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,7}$/), valid(doc, s.additionalProperties, depth + 1), {
            maxKeys: Math.min(s.maxProperties ?? 3, 3),
          })
        : fc.constant({});
    return fc.tuple(fc.tuple(...entries), extra).map(([pairs, more]) => ({
      ...more,
      ...Object.fromEntries(pairs.filter((p): p is readonly [string, unknown] => p !== null)),
    }));
  }
  if (s.type === 'array') {
    return fc.array(valid(doc, s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 2, 2)) });
  }
  if (s.type === 'integer' || s.type === 'number') return fc.integer({ min: s.minimum ?? 0, max: s.maximum ?? 100 });
  if (s.type === 'boolean') return fc.boolean();
  if (s.example !== undefined) return fc.constant(s.example);
  if (s.format === 'uuid') return fc.uuid({ version: 4 });
  if (s.format === 'email') return fc.constantFrom('ana.perez@example.ec', 'luis.mena@example.com');
  if (s.format === 'date') return fc.constantFrom('1990-04-12', '2027-06-30');
  if (s.format === 'date-time') return fc.constant('2026-12-01T10:00:00Z');
  if (s.format === 'byte') return fc.constant(Buffer.from('"hola"').toString('base64'));
  if (s.pattern) {
    const pattern = new RegExp(s.pattern, 'u');
    return fc.stringMatching(pattern).filter((v) => v.length <= (s.maxLength ?? 200) && v.length >= (s.minLength ?? 0));
  }
  const min = Math.max(s.minLength ?? 1, 1);
  const max = Math.max(min, Math.min(s.maxLength ?? 24, 24));
  return fc.array(fc.constantFrom(...LETTERS, ' '), { minLength: min - 1, maxLength: max - 1 }).map((cs) => `a${cs.join('')}`);
}

/** One targeted change of a valid value: what the fuzzer found at the door before. */
const NASTY: unknown[] = [
  null,
  '',
  ' ',
  'a\u0000b',
  '\ud800',
  'Ana \u202eZEREP',
  '\u200b',
  'x'.repeat(5000),
  '9999-12-31',
  '2026-02-30',
  '99999999999999999999',
  -1,
  1e308,
  true,
  [],
  {},
  [[]],
  { a: '\u0000' },
  'ñandú 😀',
  "' OR 1=1 --",
];

type Mutation = { kind: 'none' } | { kind: 'replace'; pick: number; value: unknown } | { kind: 'drop'; pick: number } | { kind: 'unknown'; name: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 15, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.constantFrom(...NASTY) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown' as const), name: fc.constantFrom('colour', '__proto__', 'x', 'isAdmin') }) },
);

/** The paths of every field of a JSON value (objects and lists), the value itself as []. */
function fieldPaths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [at];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...children.flatMap(([k, v]) => fieldPaths(v, [...at, k]))];
}

function mutate(body: unknown, m: Mutation): unknown {
  if (m.kind === 'none') return body;
  const copy = JSON.parse(JSON.stringify(body ?? {})) as unknown;
  if (m.kind === 'unknown') return copy && typeof copy === 'object' && !Array.isArray(copy) ? { ...copy, [m.name]: 1 } : copy;
  const paths = fieldPaths(copy).filter((p) => p.length > 0);
  if (paths.length === 0) return m.kind === 'replace' ? m.value : copy;
  const path = paths[m.pick % paths.length]!;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (m.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = m.value;
  return copy;
}

interface GeneratedRequest {
  role: number;
  path: string;
  query: Array<[string, string]>;
  body: unknown;
  encoding: 'json' | 'latin1' | 'gzip' | 'br2';
}

interface RouteTally {
  sent: number;
  pastDoor: number;
  statuses: Record<number, number>;
}

describe('the API against requests generated from its OpenAPI document', () => {
  let h: ApiHarness;
  let doc: Document;
  const tokens: Array<string | undefined> = [];
  /** A real case of the applicant role, so that generated actions reach a workflow and its validators. */
  let liveCaseId = '';
  /** Names a message may quote (fields, parameters, enum values): not prose. */
  let identifiers: ReadonlySet<string> = new Set();

  beforeAll(async () => {
    // Every generated request comes from one address; production counts 30 a minute per person.
    h = await startApiHarness('api_fuzz', { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000', WEB_SESSION_STORE_KEY: TEST_WEB_SESSION_STORE_KEY });
    doc = (await h.http().get('/docs-json').expect(200)).body as Document;
    identifiers = documentIdentifiers(doc);
    for (const p of ROLES) tokens.push(p ? `Bearer ${await h.token(p)}` : undefined);
    liveCaseId = await openCase('fuzz@example.ec');
  });
  afterAll(async () => {
    await h.close();
  });

  /** A case of the fuzzing applicant, booked with `email`. */
  async function openCase(email: string): Promise<string> {
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', tokens[1]!)
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Ana Fuzz Pérez', nationality: 'VEN', documentType: 'passport', documentNumber: 'PFUZZ0001', birthDate: '1990-04-12' },
      })
      .expect(201);
    return opened.body.caseId as string;
  }

  function operations(): Array<{ method: string; template: string; op: Operation }> {
    return Object.entries(doc.paths)
      .filter(([template]) => !template.startsWith('/docs'))
      .flatMap(([template, item]) => Object.entries(item).map(([method, op]) => ({ method, template, op })));
  }

  function jsonSchema(op: Operation): Schema | undefined {
    return op.requestBody?.content['application/json']?.schema;
  }

  /** A day from today (Guayaquil) up to 30 days ahead, for a `format: date` parameter that names a day to come. */
  const upcomingDay = fc.integer({ min: 0, max: 30 }).map((days) => new Date(Date.now() - 5 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10));

  /** Where a generated request carries its one mutation, if any: most carry none. */
  type Target = 'none' | 'body' | 'query' | 'path' | 'encoding' | 'role';
  const target: fc.Arbitrary<Target> = fc.oneof(
    { weight: 70, arbitrary: fc.constant('none' as const) },
    { weight: 12, arbitrary: fc.constant('body' as const) },
    { weight: 6, arbitrary: fc.constant('query' as const) },
    { weight: 4, arbitrary: fc.constant('path' as const) },
    { weight: 3, arbitrary: fc.constant('encoding' as const) },
    { weight: 5, arbitrary: fc.constant('role' as const) },
  );

  /** Requests for a route: valid ones from the schema, a share with one targeted mutation (none when `withMutations` is false). */
  function requestArbitrary(template: string, op: Operation, roles: number[], withMutations = true): fc.Arbitrary<GeneratedRequest> {
    return (withMutations ? target : fc.constant<Target>('none')).chain((t) => requestWith(template, op, roles, t));
  }

  function requestWith(template: string, op: Operation, roles: number[], t: Target): fc.Arbitrary<GeneratedRequest> {
    const none = fc.constant<Mutation>({ kind: 'none' });
    const changed = mutation.filter((m) => m.kind !== 'none');
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const goodValue = (p: Parameter): fc.Arbitrary<string> =>
      resolve(doc, p.schema).format === 'date' ? upcomingDay : (p.example !== undefined ? fc.constant(p.example) : valid(doc, p.schema)).map(String);
    const pathValue = (p: Parameter): fc.Arbitrary<string> =>
      t === 'path'
        ? fc.oneof(
            fc.uuid({ version: 4 }),
            fc.constantFrom(...NASTY.filter((v): v is string => typeof v === 'string' && v !== '')).map((v) => v.slice(0, 300)),
          )
        : p.name === 'caseId'
          ? fc.constant(liveCaseId)
          : goodValue(p);
    const queryValue = (p: Parameter): fc.Arbitrary<string | undefined> => {
      // A keyset cursor is only what a previous page answered: a list starts without one.
      if (p.name === 'after' && !p.required) return fc.constant(undefined);
      return p.required ? goodValue(p) : fc.option(goodValue(p), { nil: undefined });
    };
    const schema = jsonSchema(op);
    return fc.record({
      role: t === 'role' ? fc.integer({ min: 0, max: ROLES.length - 1 }) : fc.constantFrom(...roles),
      path: fc.tuple(...pathParams.map(pathValue)).map((values) => {
        let path = template;
        pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, percent(values[i] ?? ''))));
        return path;
      }),
      query: fc.tuple(fc.tuple(...queryParams.map(queryValue)), t === 'query' ? changed : none).map(([values, m]) => {
        const pairs: Array<[string, string]> = queryParams.flatMap((p, i) => (values[i] === undefined ? [] : [[p.name, values[i]] as [string, string]]));
        if (m.kind === 'unknown') pairs.push([m.name, '1']);
        if (m.kind === 'replace' && pairs.length > 0) pairs[m.pick % pairs.length]![1] = typeof m.value === 'string' ? m.value : JSON.stringify(m.value);
        if (m.kind === 'drop' && pairs.length > 0) pairs.splice(m.pick % pairs.length, 1);
        return pairs;
      }),
      body: schema ? fc.tuple(valid(doc, schema), t === 'body' ? changed : none).map(([body, m]) => mutate(body, m)) : fc.constant(undefined),
      encoding: t === 'encoding' ? fc.constantFrom('latin1' as const, 'gzip' as const, 'br2' as const) : fc.constant('json' as const),
    });
  }

  async function send(method: string, op: Operation, r: GeneratedRequest) {
    const query = r.query.map(([k, v]) => `${percent(k)}=${percent(v)}`).join('&');
    const url = query ? `${r.path}?${query}` : r.path;
    let req = (h.http() as unknown as Record<string, (url: string) => Test>)[method]!(url);
    const token = tokens[r.role];
    if (token) req = req.set('Authorization', token);
    if (/\/codec\//.test(r.path)) req = req.set('X-Namespace', 'tramites');
    if (jsonSchema(op) && r.body !== undefined) {
      const json = JSON.stringify(r.body) ?? 'null';
      if (r.encoding === 'latin1') req = req.set('Content-Type', 'application/json; charset=latin1').send(Buffer.from(json, 'latin1'));
      else if (r.encoding === 'gzip') req = req.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(zlib.gzipSync(json));
      else if (r.encoding === 'br2') req = req.set('Content-Type', 'application/json').set('Content-Encoding', 'br2').send(json);
      else req = req.set('Content-Type', 'application/json').send(json);
    }
    return req;
  }

  type ErrorBody = { error?: { code?: unknown; message?: unknown; fields?: Array<{ field?: unknown; message?: unknown }> } };

  /** The code of a refusal, or undefined for a success. */
  function codeOf(res: { status: number; body: unknown }): string | undefined {
    if (res.status < 400) return undefined;
    const code = (res.body as ErrorBody | undefined)?.error?.code;
    return typeof code === 'string' ? code : '';
  }

  function judge(op: Operation, res: { status: number; body: unknown }): string | undefined {
    if (res.status >= 500) return `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    if (!op.responses[String(res.status)]) return `status ${res.status} is not in the document (${Object.keys(op.responses).join(', ')})`;
    if (res.status < 400) return undefined;
    const error = (res.body as ErrorBody).error;
    if (typeof error?.code !== 'string' || !/^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/.test(error.code))
      return `no error code ${JSON.stringify(res.body).slice(0, 200)}`;
    if (typeof error.message !== 'string') return 'no message';
    const fields = (error.fields ?? []).map((f) => String(f.field));
    const problem = notSpanish(error.code, error.message, fields, identifiers);
    if (problem) return `message not Spanish (${problem}): ${error.message.slice(0, 200)}`;
    if (error.code === 'VALIDATION.FAILED') {
      if (!error.fields?.length) return `validation error without its fields ${JSON.stringify(error).slice(0, 300)}`;
      for (const f of error.fields) {
        if (typeof f.field !== 'string' || typeof f.message !== 'string') return `a field without its name or message ${JSON.stringify(f)}`;
        const fieldProblem = notSpanish('', f.message, fields, identifiers);
        if (fieldProblem) return `field message not Spanish (${fieldProblem}): ${f.message.slice(0, 200)}`;
      }
    }
    return undefined;
  }

  /** The roles that a route lets through its guard: those a valid request of any of three shapes is not refused for. */
  async function rolesOf(method: string, template: string, op: Operation): Promise<number[]> {
    const samples = fc.sample(requestArbitrary(template, op, [0], false), { numRuns: 3, seed: 14 });
    const allowed: number[] = [];
    for (let role = 0; role < ROLES.length; role++) {
      for (const sample of samples) {
        const res = await send(method, op, { ...sample, role });
        if (!['AUTH.TOKEN_REQUIRED', 'AUTH.ROLE_NOT_ALLOWED', 'AUTH.TOKEN_INVALID'].includes(codeOf(res) ?? '')) {
          allowed.push(role);
          break;
        }
      }
    }
    return allowed.length > 0 ? allowed : [0];
  }

  /**
   * Whether a request got past the door. A role that the guard lets through and the handler
   * then refuses (an applicant asking for a walk-in) is the handler's decision.
   */
  function pastDoor(res: { status: number; body: unknown }, roleAllowed: boolean): boolean {
    const code = codeOf(res) ?? '';
    return !DOOR_CODES.has(code) || (code === 'AUTH.ROLE_NOT_ALLOWED' && roleAllowed);
  }

  it('answers every generated request with a documented status and Spanish refusals, and most of them past the door', async () => {
    const failures: string[] = [];
    const tallies = new Map<string, RouteTally>();
    const ops = operations().filter(({ op }) => !op.requestBody?.content['multipart/form-data']);
    expect(ops.length).toBeGreaterThan(60);
    for (const { method, template, op } of ops) {
      const route = `${method.toUpperCase()} ${template}`;
      const tally: RouteTally = { sent: 0, pastDoor: 0, statuses: {} };
      tallies.set(route, tally);
      const roles = await rolesOf(method, template, op);
      await fc.assert(
        fc.asyncProperty(requestArbitrary(template, op, roles), async (r) => {
          const res = await send(method, op, r);
          tally.sent++;
          tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
          if (pastDoor(res, roles.includes(r.role))) tally.pastDoor++;
          else if (process.env['FUZZ_VERBOSE']) console.log(`DOOR ${route} ${JSON.stringify(r).slice(0, 400)} -> ${JSON.stringify(res.body).slice(0, 300)}`);
          const problem = judge(op, res);
          if (problem && failures.length < 40) failures.push(`${route} ${JSON.stringify({ ...r, body: r.body }).slice(0, 300)}: ${problem}`);
          return true;
        }),
        // An interrupted run is a failure, not a pass with fewer runs.
        { numRuns: RUNS, seed: 14, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true },
      );
    }
    if (process.env['FUZZ_VERBOSE']) console.log([...tallies].map(([r, t]) => `${r} ${t.pastDoor}/${t.sent} ${JSON.stringify(t.statuses)}`).join('\n'));
    expect(failures).toEqual([]);
    const stuckAtDoor = [...tallies]
      .filter(([, t]) => t.sent < RUNS || t.pastDoor / t.sent < MIN_PAST_DOOR)
      .map(([route, t]) => `${route}: ${t.pastDoor}/${t.sent} past the door ${JSON.stringify(t.statuses)}`);
    expect(stuckAtDoor).toEqual([]);
  }, 300_000);

  it('fuzzes the multipart upload: files of every kind and shape, and most of them reach the handler', async () => {
    const failures: string[] = [];
    const tally: RouteTally = { sent: 0, pastDoor: 0, statuses: {} };
    const op = doc.paths['/cases/{caseId}/uploads']!['post']!;
    // A case of its own: the other tests may have closed the shared one.
    const uploadCase = await openCase('fuzz.upload@example.ec');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\u0000'), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]);
    const content = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(pdf, jpeg).chain((b) => fc.uint8Array({ maxLength: 64 }).map((tail) => Buffer.concat([b, Buffer.from(tail)]))) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)) },
      { weight: 1, arbitrary: fc.constantFrom(Buffer.alloc(0), Buffer.from('MZ\u0090\u0000 ejecutable'), Buffer.from('%PDF-1.4 truncated')) },
      { weight: 1, arbitrary: fc.constant(Buffer.alloc(1024 * 1024 + 2, 0x25)) },
    );
    const filename = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('cedula.pdf', 'foto.jpg', 'pasaporte escaneado.PDF') },
      { weight: 1, arbitrary: fc.constantFrom('..\\..\\x.pdf', 'a\u202egpj.exe', 'ñandú 😀.pdf', '', 'x'.repeat(300)) },
    );
    const shape = fc.oneof(
      { weight: 8, arbitrary: fc.constant('one' as const) },
      { weight: 1, arbitrary: fc.constantFrom('two' as const, 'otherField' as const, 'extraText' as const, 'none' as const, 'json' as const) },
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ content, filename, shape, role: fc.constantFrom(1, 1, 1, 2, 4) }), async (u) => {
        let req = h.http().post(`/cases/${uploadCase}/uploads`).set('Authorization', tokens[u.role]!);
        const name = u.filename || 'sin-nombre.pdf';
        if (u.shape === 'json') req = req.send({ file: u.content.toString('base64') });
        else if (u.shape === 'none') req = req.field('nota', 'sin archivo');
        else {
          req = req.attach(u.shape === 'otherField' ? 'archivo' : 'file', u.content, name);
          if (u.shape === 'two') req = req.attach('file', pdf, 'otro.pdf');
          if (u.shape === 'extraText') req = req.field('kind', 'passport\u0000');
        }
        const res = await req.then(
          (r) => r,
          // A file cut off by the size limit may end the connection before the answer is read.
          (err: { response?: { status: number; body: unknown } }) =>
            err.response ?? { status: 413, body: { error: { code: 'UPLOAD.TOO_LARGE', message: 'x' } } },
        );
        tally.sent++;
        tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
        if (pastDoor(res, [1, 2].includes(u.role))) tally.pastDoor++;
        else if (process.env['FUZZ_VERBOSE'])
          console.log(`DOOR upload ${JSON.stringify({ ...u, content: u.content.length })} -> ${JSON.stringify(res.body).slice(0, 300)}`);
        const problem = judge(op, res);
        if (problem && failures.length < 20) failures.push(`${JSON.stringify({ ...u, content: u.content.length })}: ${problem}`);
        return true;
      }),
      { numRuns: 60, seed: 14, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
    expect(failures).toEqual([]);
    expect(tally.pastDoor / tally.sent).toBeGreaterThanOrEqual(MIN_PAST_DOOR);
    expect(Object.keys(tally.statuses).some((s) => s.startsWith('2'))).toBe(true);
  }, 120_000);

  it("accepts the document's own examples: no field that has an example is refused for its format", async () => {
    const refused: string[] = [];
    for (const { method, template, op } of operations()) {
      const schema = jsonSchema(op);
      if (!schema) continue;
      const [example] = fc.sample(valid(doc, schema), { numRuns: 1, seed: 14 });
      const r: GeneratedRequest = {
        role: 0,
        path: template.replace(/\{[^}]+\}/g, '6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e'),
        query: [],
        body: example,
        encoding: 'json',
      };
      for (let role = 0; role < ROLES.length; role++) {
        const res = await send(method, op, { ...r, role });
        const fields = (res.body as { error?: { fields?: Array<{ field: string; message: string }> } }).error?.fields ?? [];
        const exampled = fields.filter((f) => hasExample(doc, schema, f.field.split('.')));
        if (res.status === 400 && exampled.length > 0) refused.push(`${method.toUpperCase()} ${template}: ${exampled.map((f) => f.message).join('; ')}`);
      }
    }
    expect([...new Set(refused)]).toEqual([]);
  }, 120_000);

  describe("the web's booking forms, through HTTP with the session and its CSRF token", () => {
    let web: NestExpressApplication;
    let webUrl: string;

    beforeAll(async () => {
      const api = h.app.getHttpServer().listen(0, '127.0.0.1');
      await new Promise((r) => api.once('listening', r));
      web = await createWebApp({
        ...loadWebConfig({ NODE_ENV: 'production', WEB_SESSION_STORE_KEY: TEST_WEB_SESSION_STORE_KEY }),
        port: 0,
        host: '127.0.0.1',
        apiBaseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
        // Plain HTTP on the loopback (production: HTTPS behind its proxy, Secure cookies).
        secureCookies: false,
      });
      await web.listen(0, '127.0.0.1');
      webUrl = `http://127.0.0.1:${(web.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await web?.close();
    });

    /** The fields of each booking form, with values it accepts. */
    const FORMS: Record<string, Record<string, string[]>> = {
      '/turno/tramite': { procedure: ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'] },
      '/turno/quien': { filerRole: ['holder', 'employer', 'attorney'] },
      '/turno/provincia': { province: ['PICHINCHA', 'GUAYAS'] },
      '/turno/contacto': {
        identityNumber: ['1712345675', 'AB1234567'],
        email: ['ana.perez@example.ec'],
        mobile: ['0991234567'],
        employerId: ['1790016919001'],
      },
      '/turno/titular': { fullName: ['María José Pérez Gómez', 'Yusleidy Mendoza Páez de la Torre'] },
      '/turno/nacionalidad': { nationality: ['VEN', 'COL', 'PRY', 'XXA'] },
      '/turno/documento': { documentType: ['passport', 'visa'], documentNumber: ['AB1234567'] },
      '/turno/nacimiento': { 'birthDate-day': ['12'], 'birthDate-month': ['4'], 'birthDate-year': ['1990'] },
      '/turno/poder': { employerId: ['1790016919001'], attorneyName: ['Luis Mena'], deedNumber: ['2026-17-01-P01234'], notary: ['Notaría Primera de Quito'] },
      '/turno/revisar': { captchaId: ['x'], captchaAnswer: ['7'] },
      '/turno/codigo': { code: ['123456'] },
      '/turno/agencia': { agencyId: ['UIO-NORTE'] },
      '/turno/fecha': { dia: ['2026-12-10'], slotId: ['6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e'] },
      '/turno/cancelar': { reason: ['No puedo asistir'] },
    };

    it('answers every generated form post without a 5xx, and every error page in Spanish', async () => {
      const agent = request.agent(webUrl);
      const page = await agent.get('/turno/tramite');
      let csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      expect(csrf).toBeDefined();
      // A booking made first, so that the steps after it (the emailed code, cancelling) have a case to act on.
      const step = async (path: string, fields: Record<string, string>): Promise<string | undefined> => {
        const res = await agent
          .post(path)
          .type('form')
          .send({ ...fields, _csrf: csrf });
        expect({ path, status: res.status }).toEqual({ path, status: 303 });
        return res.headers['location'] as string | undefined;
      };
      await step('/turno/tramite', { procedure: 'FOREIGNER_CODE' });
      await step('/turno/quien', { filerRole: 'holder' });
      await step('/turno/provincia', { province: 'PICHINCHA' });
      await step('/turno/contacto', { identityNumber: 'PWEBFUZZ1', email: 'web.fuzz@example.ec', mobile: '0991234567' });
      // One question per page (ADR 0034); the holder's own passport number is the identity number typed before.
      await step('/turno/titular', { fullName: 'María José Pérez Gómez' });
      await step('/turno/nacionalidad', { nationality: 'PRY' });
      await step('/turno/documento', { documentType: 'passport', documentNumber: 'PWEBFUZZ1' });
      await step('/turno/nacimiento', { 'birthDate-day': '12', 'birthDate-month': '4', 'birthDate-year': '1990' });
      const review = await agent.get('/turno/revisar');
      const captchaId = /name="captchaId" value="([^"]+)"/.exec(review.text)?.[1] ?? '';
      const [x, y] = (/for="captchaAnswer"[^>]*>([^<]+)</.exec(review.text)?.[1] ?? '').match(/\d+/g)?.map(Number) ?? [];
      expect(await step('/turno/revisar', { captchaId, captchaAnswer: String((x ?? 0) + (y ?? 0)) })).toMatch(/\/turno\/codigo/);
      // Booking renews the session's id and CSRF token (no session fixation): the next page hands out the new one.
      csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/turno/codigo')).text)?.[1];
      expect(csrf).toBeDefined();
      const failures: string[] = [];
      const statuses = new Map<string, Record<number, number>>();
      const formPost = fc.constantFrom(...Object.keys(FORMS)).chain((path) =>
        fc.record({
          path: fc.constant(path),
          fields: fc.record(
            Object.fromEntries(
              Object.entries(FORMS[path]!).map(([name, good]) => [
                name,
                fc.oneof(
                  { weight: 6, arbitrary: fc.constantFrom(...good) },
                  { weight: 1, arbitrary: fc.constantFrom(...NASTY.filter((v): v is string => typeof v === 'string')) },
                ),
              ]),
            ),
            { requiredKeys: [] },
          ),
          csrf: fc.oneof({ weight: 12, arbitrary: fc.constant(csrf!) }, { weight: 1, arbitrary: fc.constantFrom('', 'x') }),
        }),
      );
      await fc.assert(
        fc.asyncProperty(formPost, async (f) => {
          const res = await agent
            .post(f.path)
            .type('form')
            .send({ ...f.fields, _csrf: f.csrf });
          const seen = statuses.get(f.path) ?? {};
          seen[res.status] = (seen[res.status] ?? 0) + 1;
          statuses.set(f.path, seen);
          if (res.status >= 500) {
            const said =
              /<main[\s\S]*?<\/main>/
                .exec(res.text)?.[0]
                .replace(/<[^>]+>/g, ' ')
                .replace(/\s+/g, ' ') ?? '';
            failures.push(`${f.path} ${JSON.stringify(f.fields).slice(0, 200)}: ${res.status} ${said.slice(0, 200)}`);
          } else if (res.status >= 400 && f.csrf === csrf) {
            if (!/<html lang="es-EC"/.test(res.text)) failures.push(`${f.path}: ${res.status} without a Spanish page`);
            const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(res.text)?.[1]?.replace(/<[^>]+>/g, ' ') ?? '';
            const problem = summary.trim() ? notSpanish('', summary, []) : undefined;
            if (problem) failures.push(`${f.path}: error summary not Spanish (${problem}): ${summary.slice(0, 200)}`);
          }
          return true;
        }),
        { numRuns: 150, seed: 14, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
      );
      if (process.env['FUZZ_VERBOSE']) console.log(JSON.stringify([...statuses]));
      expect(failures.slice(0, 20)).toEqual([]);
      // Not vacuous: the forms took answers (303 to the next step) and refused others, and the
      // steps of a booked case reached their handlers.
      const all = [...statuses.values()].flatMap((s) => Object.keys(s).map(Number));
      expect(all).toContain(303);
      expect(all.some((s) => s === 400)).toBe(true);
      for (const path of ['/turno/codigo', '/turno/cancelar'])
        expect(Object.keys(statuses.get(path) ?? {}).some((st) => !['403', '404'].includes(st))).toBe(true);
    }, 120_000);
  });
});

/** Every property, parameter and enum value the document names. */
function documentIdentifiers(doc: Document): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (o['properties'] && typeof o['properties'] === 'object') Object.keys(o['properties']).forEach((k) => names.add(k));
      if (Array.isArray(o['enum'])) o['enum'].forEach((v) => names.add(String(v)));
      if (typeof o['in'] === 'string' && typeof o['name'] === 'string') names.add(o['name']);
      Object.values(o).forEach(visit);
    }
  };
  visit(doc);
  return names;
}

function hasExample(doc: Document, raw: Schema, path: string[]): boolean {
  const schema = resolve(doc, raw);
  const [head, ...rest] = path;
  if (head === undefined) return schema.example !== undefined || Boolean(schema.enum?.length);
  const child = schema.properties?.[head];
  return child ? hasExample(doc, child, rest) : false;
}
