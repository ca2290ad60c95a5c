import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@tramites/infra';
import { buildProductionApps, createTestDatabase, requireTestEnv, type TestDatabase } from '@tramites/testing';

const root = path.resolve(__dirname, '../../..');

/**
 * Runs an app's main.ts as `npm start` would, or its compiled main.js (dist/, `npm run build`)
 * as production does, and returns its exit code and stderr.
 */
function runApp(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, entry.endsWith('.js') ? [entry] : ['-r', '@swc-node/register', entry], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: stderr.trim() });
    });
  });
}

/** Bad configuration stops start-up with one clear line, never a stack trace. */
describe('start-up with bad configuration', () => {
  let db: TestDatabase;
  let good: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('startup');
    good = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: requireTestEnv('temporalAddress'),
      TEMPORAL_NAMESPACE: requireTestEnv('namespace'),
    };
  });
  afterAll(async () => {
    await db.drop();
  });

  const cases: Array<[string, string, (p: number) => Record<string, string>, RegExp]> = [
    ['api', 'a malformed DATABASE_URL', () => ({ DATABASE_URL: 'mysql://x@y/z' }), /^api: DATABASE_URL must start with postgres:\/\//],
    [
      'api',
      'an unreachable TEMPORAL_ADDRESS',
      (p) => ({ TEMPORAL_ADDRESS: `127.0.0.1:${p}` }),
      /^api: cannot reach the Temporal server at 127\.0\.0\.1:\d+: start it or fix TEMPORAL_ADDRESS$/,
    ],
    [
      'api',
      'an unreachable database',
      (p) => ({ DATABASE_URL: `postgres://u:p@127.0.0.1:${p}/db` }),
      /^api: cannot reach PostgreSQL at 127\.0\.0\.1:\d+\/db .*fix DATABASE_URL$/,
    ],
    ['api', 'a PORT that is not a number', () => ({ PORT: 'tres mil' }), /^api: PORT: /],
    ['worker', 'a missing DATABASE_URL', () => ({ DATABASE_URL: '' }), /^worker: DATABASE_URL/],
    ['worker', 'an unreachable TEMPORAL_ADDRESS', (p) => ({ TEMPORAL_ADDRESS: `127.0.0.1:${p}` }), /^worker: cannot reach the Temporal server/],
    [
      'worker',
      'a WORKER_WORKFLOW_STACK_TRACES other than on or off',
      () => ({ WORKER_WORKFLOW_STACK_TRACES: 'yes' }),
      /^worker: WORKER_WORKFLOW_STACK_TRACES.*must be on or off/,
    ],
    ['mailer', 'a missing DATABASE_URL', () => ({ DATABASE_URL: '' }), /^mailer: DATABASE_URL/],
    ['mailer', 'an SMTP_PORT out of range', () => ({ SMTP_PORT: '70000' }), /^mailer: SMTP_PORT must be an integer from 1 to 65535/],
    ['mailer', 'production without TRAMITES_SECRET', () => ({ NODE_ENV: 'production' }), /^mailer: TRAMITES_SECRET must be set in production/],
    [
      'worker',
      'production without SIGNATURE_TRUST_ANCHORS',
      () => ({ NODE_ENV: 'production', TRAMITES_SECRET: 'a-production-secret-of-32-chars!' }),
      /^worker: SIGNATURE_TRUST_ANCHORS must be set in production/,
    ],
    [
      'api',
      'production with the arithmetic captcha (the default)',
      () => ({ NODE_ENV: 'production' }),
      /^api: CAPTCHA_PROVIDER must be siteverify in production/,
    ],
    [
      'mailer',
      'an unreachable database',
      (p) => ({ DATABASE_URL: `postgres://u:p@127.0.0.1:${p}/db` }),
      /^mailer: cannot reach PostgreSQL at 127\.0\.0\.1:\d+\/db/,
    ],
  ];

  it.each(cases)('%s with %s exits 1 with one line', async (app, _what, override, expected) => {
    const closedPort = await freePort();
    const { code, stderr } = await runApp(`apps/${app}/src/main.ts`, { ...good, ...override(closedPort) });
    expect(code).toBe(1);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(expected);
  });

  describe('from the production build (npm run build)', () => {
    beforeAll(() => buildProductionApps());

    it.each(cases.filter(([, what]) => what.startsWith('an unreachable')))('%s with %s exits 1 with the same line', async (app, _what, override, expected) => {
      const { code, stderr } = await runApp(`dist/apps/${app}/src/main.js`, { ...good, ...override(await freePort()) });
      expect(code).toBe(1);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toMatch(expected);
    });
  });

  it("npm start with NODE_ENV=production refuses the data folder's development keys in one line, before starting anything", async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-start-production-'));
    const { code, stderr } = await runApp('scripts/start.ts', {
      NODE_ENV: 'production',
      TRAMITES_DATA_DIR: data,
      TRAMITES_SECRET: 'a-production-secret-of-32-chars!',
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "start: NODE_ENV=production refuses the data folder's development keys: set SIGNING_PRIVATE_KEY, TEMPORAL_PAYLOAD_KEYS, TEMPORAL_ACTOR_ASSERTION_KEY, WEB_SESSION_STORE_KEY, SIGNATURE_TRUST_ANCHORS (or TRAMITES_ALLOW_DEVELOPMENT_KEYS=true for a trial)",
    );
    expect(fs.readdirSync(data)).toEqual([]);
  });

  it('npm start with NODE_ENV=production and no OIDC_ISSUER_URL refuses in one line before the demo officers reach the database', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-start-production-'));
    const [port, webPort, oidcPort] = [await freePort(), await freePort(), await freePort()];
    // A trial on the development keys, against a database and a Temporal server that answer: only the provider is missing.
    const { code, stderr } = await runApp('scripts/start.ts', {
      ...good,
      NODE_ENV: 'production',
      TRAMITES_ALLOW_DEVELOPMENT_KEYS: 'true',
      TRAMITES_DATA_DIR: data,
      PORT: String(port),
      WEB_PORT: String(webPort),
      OIDC_DEV_PORT: String(oidcPort),
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "start: NODE_ENV=production needs the officers' identity provider: set OIDC_ISSUER_URL (the embedded provider and its demo officers are for development only)",
    );
    expect(fs.readdirSync(data)).toEqual([]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM dev_officers`)).toEqual([{ n: 0 }]);
  });

  it('api with its port in use exits 1 naming PORT', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, stderr } = await runApp('apps/api/src/main.ts', { ...good, PORT: String(port), HOST: '127.0.0.1' });
      expect(code).toBe(1);
      expect(stderr).toBe(`api: port ${port} is already in use: stop what uses it or set PORT`);
    } finally {
      blocker.close();
    }
  });
});
