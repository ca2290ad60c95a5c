import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, isErrorCode } from '@tramites/contracts';
import { isReasonCode } from '@tramites/domain';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name) ? [full] : [];
  });
}

/** Every code the API, the workflows and the activities refuse with, as written in the sources. */
function refusalCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /new ApiError\(\s*'([A-Z][A-Z0-9_.]+)'/g,
    /\brefuse\(\s*'([A-Z][A-Z0-9_.]+)'/g,
    /new AgendaError\(\s*'([A-Z][A-Z0-9_.]+)'/g,
    /ApplicationFailure\.create\(\{\s*type:\s*'([A-Z][A-Z0-9_.]+)'/g,
  ];
  for (const dir of ['apps/api/src', 'workflows/src', 'activities/src', 'libs/persistence/src']) {
    for (const file of sources(path.join(ROOT, dir))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.set(m[1]!, path.relative(ROOT, file));
    }
  }
  return found;
}

/** One vocabulary of refusal codes, each with its HTTP status; none guessed from its spelling. */
describe('the vocabulary of error codes', () => {
  it('registers every code that a route, a workflow or an activity refuses with (or it is a reason of the sheets)', () => {
    const codes = refusalCodes();
    expect(codes.size).toBeGreaterThan(40);
    const unregistered = [...codes].filter(([code]) => !isErrorCode(code) && !isReasonCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unregistered).toEqual([]);
  });

  it('gives each code a status of its class and a Spanish message', () => {
    for (const [code, { status, message }] of Object.entries(ERROR_CODES)) {
      expect([400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 423, 429, 500, 503]).toContain(status);
      if (code.startsWith('AUTH.')) expect([401, 403]).toContain(status);
      expect(message).toMatch(/^[A-ZÁÉÍÓÚÑ¿«]/);
      expect(message).not.toMatch(/\b(the|must|should|not found)\b/i);
    }
  });
});
