import zlib from 'node:zlib';
import type { Principal } from '@tramites/api';
import fc from 'fast-check';
import type { Test } from 'supertest';
import { startApiHarness, type ApiHarness } from '../support/api-harness';

/**
 * Issue 18, finding 14: requests generated from the API's own OpenAPI document, for every
 * route and every role, with the values that used to break it among them (NUL, lone
 * surrogates, integers beyond range, far dates, lists for objects, foreign charsets and
 * encodings). Every answer: no 5xx, a status the document declares, and every 4xx in the
 * error shape with a Spanish message (and the fields of a validation error).
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
};
interface Operation {
  operationId?: string;
  parameters?: Array<{
    name: string;
    in: string;
    required?: boolean;
    schema?: Schema;
    example?: unknown;
  }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
  security?: unknown[];
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
];

/** English of the validation library, an SDK's or JavaScript's own words. */
const LEAK = /\b(must|should|property|nested|Error|undefined|handler|null|NaN)\b/;

const NASTY_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x'.repeat(5000), '', ' ', '%00', '../../etc/passwd', "' OR 1=1 --", '<script>', '😀', 'ñandú'];
const NASTY_NUMBERS = ['99999999999999999999', '1e308', '-1', '0', '1.5', 'NaN', 'abc', '9007199254740993'];
const NASTY_DATES = ['9999-12-31', '0000-01-01', '2026-02-30', '+275760-09-13T00:00:00Z', '2026-13-01', 'yesterday'];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_TEXT, ...NASTY_NUMBERS, ...NASTY_DATES),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, 1e20, [], {}, [[]], { a: '\u0000' }),
  fc.integer(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

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
  if (schema.allOf?.length)
    return schema.allOf.reduce<Schema>(
      (acc, s) => ({
        ...acc,
        ...resolve(doc, s),
        properties: { ...acc.properties, ...resolve(doc, s).properties },
      }),
      {},
    );
  return schema;
}

/** A plausible value for a schema: its example, an enum value, or something of its type. */
function plausible(doc: Document, raw: Schema | undefined, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === 'object' || schema.properties) {
    if (depth > 4) return {};
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, plausible(doc, s, depth + 1)]));
  }
  if (schema.type === 'array') return depth > 4 ? [] : [plausible(doc, schema.items, depth + 1)];
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return true;
  if (schema.format === 'uuid') return '6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e';
  return 'texto';
}

/** A body built from the schema, each field plausible, mutated or left out. */
function bodyArbitrary(doc: Document, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0 || depth > 3) return fc.oneof(fc.constant(plausible(doc, schema, depth)), nastyValue);
  const fields = properties.map(([key, child]) =>
    fc.oneof(
      {
        weight: 12,
        arbitrary: fc.constant(plausible(doc, child, depth + 1)).map((v) => [key, v] as const),
      },
      { weight: 2, arbitrary: nastyValue.map((v) => [key, v] as const) },
      {
        weight: 1,
        arbitrary: bodyArbitrary(doc, child, depth + 1).map((v) => [key, v] as const),
      },
      { weight: 1, arbitrary: fc.constant([key, undefined] as const) },
    ),
  );
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(...fields).map((entries) => Object.fromEntries(entries.filter(([, v]) => v !== undefined))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(...fields, fc.string({ minLength: 1, maxLength: 8 })).map((all) => ({
        ...Object.fromEntries((all.slice(0, -1) as Array<readonly [string, unknown]>).filter(([, v]) => v !== undefined)),
        [all[all.length - 1] as string]: 1,
      })),
    },
    { weight: 1, arbitrary: nastyValue },
  );
}

interface GeneratedRequest {
  role: number;
  path: string;
  query: Array<[string, string]>;
  body: unknown;
  encoding: 'json' | 'latin1' | 'gzip' | 'br2';
}

describe('the API against requests generated from its OpenAPI document', () => {
  let h: ApiHarness;
  let doc: Document;
  const tokens: Array<string | undefined> = [];
  /** A real case, so that generated actions reach a workflow and its validators. */
  let liveCaseId = '';

  beforeAll(async () => {
    h = await startApiHarness('api_fuzz', {
      PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    });
    doc = (await h.http().get('/docs-json').expect(200)).body as Document;
    for (const p of ROLES) tokens.push(p ? `Bearer ${await h.token(p)}` : undefined);
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', tokens[1]!)
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email: 'fuzz@example.ec', mobile: '0991234567' },
        holder: { fullName: 'Ana Fuzz Pérez', nationality: 'VEN', documentType: 'passport', documentNumber: 'PFUZZ0001', birthDate: '1990-04-12' },
      })
      .expect(201);
    liveCaseId = opened.body.caseId as string;
  });
  afterAll(async () => {
    await h.close();
  });

  function operations(): Array<{
    method: string;
    template: string;
    op: Operation;
  }> {
    return Object.entries(doc.paths).flatMap(([template, item]) => Object.entries(item).map(([method, op]) => ({ method, template, op })));
  }

  function requestArbitrary(template: string, op: Operation): fc.Arbitrary<GeneratedRequest> {
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const pathValue = (p: { name: string; schema?: Schema; example?: unknown }): fc.Arbitrary<string> =>
      fc.oneof(
        { weight: p.name === 'caseId' ? 4 : 0, arbitrary: fc.constant(liveCaseId) },
        {
          weight: 3,
          arbitrary: fc.constant(String(p.example ?? plausible(doc, p.schema))),
        },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 2, arbitrary: nastyString.map((s) => s.slice(0, 300)) },
      );
    const queryValue = (p: { schema?: Schema; example?: unknown }): fc.Arbitrary<string | undefined> =>
      fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        {
          weight: 3,
          arbitrary: fc.constant(String(p.example ?? plausible(doc, p.schema))),
        },
        { weight: 3, arbitrary: nastyString },
      );
    const schema = op.requestBody ? Object.values(op.requestBody.content)[0]?.schema : undefined;
    return fc.record({
      role: fc.integer({ min: 0, max: ROLES.length - 1 }),
      path: fc.tuple(...pathParams.map(pathValue)).map((values) => {
        let path = template;
        pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, percent(values[i] ?? ''))));
        return path;
      }),
      query: fc
        .tuple(
          fc.tuple(...queryParams.map(queryValue)),
          fc.option(fc.constantFrom('colour', 'page[]', '__proto__'), {
            freq: 5,
          }),
        )
        .map(([values, unknown]) => {
          const pairs: Array<[string, string]> = queryParams.flatMap((p, i) =>
            values[i] === undefined ? [] : [[p.name, values[i] as string] as [string, string]],
          );
          return unknown ? [...pairs, [unknown, '1'] as [string, string]] : pairs;
        }),
      body: schema && !op.requestBody?.content['multipart/form-data'] ? bodyArbitrary(doc, schema) : fc.constant(undefined),
      encoding: fc.constantFrom('json', 'json', 'json', 'json', 'json', 'latin1', 'gzip', 'br2'),
    });
  }

  async function send(method: string, op: Operation, r: GeneratedRequest) {
    const query = r.query.map(([k, v]) => `${percent(k)}=${percent(v)}`).join('&');
    const url = query ? `${r.path}?${query}` : r.path;
    let req = (h.http() as unknown as Record<string, (url: string) => Test>)[method]!(url);
    const token = tokens[r.role];
    if (token) req = req.set('Authorization', token);
    if (op.requestBody && r.body !== undefined) {
      const json = JSON.stringify(r.body) ?? 'null';
      if (r.encoding === 'latin1') req = req.set('Content-Type', 'application/json; charset=latin1').send(Buffer.from(json, 'latin1'));
      else if (r.encoding === 'gzip') req = req.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(zlib.gzipSync(json));
      else if (r.encoding === 'br2') req = req.set('Content-Type', 'application/json').set('Content-Encoding', 'br2').send(json);
      else req = req.set('Content-Type', 'application/json').send(json);
    }
    return req;
  }

  function judge(method: string, template: string, op: Operation, r: GeneratedRequest, res: { status: number; body: unknown }): string | undefined {
    const where = `${method.toUpperCase()} ${template} (${JSON.stringify({ ...r, body: typeof r.body === 'string' ? r.body.slice(0, 80) : r.body }).slice(0, 400)})`;
    if (res.status >= 500) return `${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    if (!op.responses[String(res.status)]) return `${where}: status ${res.status} is not in the document (${Object.keys(op.responses).join(', ')})`;
    if (res.status >= 400) {
      const error = (
        res.body as {
          error?: {
            code?: unknown;
            message?: unknown;
            fields?: Array<{ field?: unknown; message?: unknown }>;
          };
        }
      ).error;
      if (typeof error?.code !== 'string' || !/^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/.test(error.code))
        return `${where}: no error code ${JSON.stringify(res.body).slice(0, 200)}`;
      if (typeof error.message !== 'string' || LEAK.test(error.message)) return `${where}: message not Spanish: ${String(error.message).slice(0, 200)}`;
      if (
        error.code === 'VALIDATION.FAILED' &&
        !(error.fields?.length && error.fields.every((f) => typeof f.field === 'string' && typeof f.message === 'string' && !LEAK.test(f.message)))
      ) {
        return `${where}: validation error without its fields ${JSON.stringify(error).slice(0, 300)}`;
      }
    }
    return undefined;
  }

  it('answers every generated request with a documented status, never a 5xx, every refusal in Spanish', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const ops = operations().filter(({ template }) => !template.startsWith('/docs'));
    expect(ops.length).toBeGreaterThan(40);
    // About two minutes at most on two cores: a share of the time for each operation.
    const perOperationMs = Math.floor(100_000 / ops.length);
    for (const { method, template, op } of ops) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(template, op), async (r) => {
          const res = await send(method, op, r);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const problem = judge(method, template, op, r, res);
          if (problem && failures.length < 40) failures.push(problem);
          return true;
        }),
        { numRuns: 80, interruptAfterTimeLimit: perOperationMs, seed: 18 },
      );
    }
    if (process.env['FUZZ_VERBOSE']) console.log(JSON.stringify([...statuses].sort()));
    expect(failures).toEqual([]);
    // Not a vacuous run: requests got through to the routes and were refused there too.
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(3);
  }, 240_000);

  it("accepts the document's own examples: no field that has an example is refused for its format", async () => {
    const refused: string[] = [];
    for (const { method, template, op } of operations()) {
      const schema = op.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      const example = plausible(doc, schema) as Record<string, unknown>;
      const r: GeneratedRequest = {
        role: 0,
        path: template.replace(/\{[^}]+\}/g, '6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e'),
        query: [],
        body: example,
        encoding: 'json',
      };
      for (let role = 0; role < ROLES.length; role++) {
        const res = await send(method, op, { ...r, role });
        const fields =
          (
            res.body as {
              error?: { fields?: Array<{ field: string; message: string }> };
            }
          ).error?.fields ?? [];
        const exampled = fields.filter((f) => hasExample(doc, schema, f.field.split('.')));
        if (res.status === 400 && exampled.length > 0) refused.push(`${method.toUpperCase()} ${template}: ${exampled.map((f) => f.message).join('; ')}`);
      }
    }
    expect([...new Set(refused)]).toEqual([]);
  }, 120_000);
});

function hasExample(doc: Document, raw: Schema, path: string[]): boolean {
  const schema = resolve(doc, raw);
  const [head, ...rest] = path;
  if (head === undefined) return schema.example !== undefined || Boolean(schema.enum?.length);
  const child = schema.properties?.[head];
  return child ? hasExample(doc, child, rest) : false;
}
