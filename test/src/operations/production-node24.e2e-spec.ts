import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { addBusinessDays, toLocalDate } from '@tramites/domain';
import { freePort } from '@tramites/infra';
import { NODE24_VERSION, findOrInstallNode24 } from '@tramites/devenv';
import {
  answersOk,
  appProcessEnv,
  buildProductionApps,
  createTestPki,
  startAppProcess,
  startCaseSuite,
  type AppProcess,
  type CaseSuite,
} from '@tramites/testing';
import request from 'supertest';
import { solveCaptcha } from '@tramites/testing/api';

const root = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/**
 * The production image runs Node.js 24 (docker/Dockerfile) while our machines run 20: the
 * compiled apps of `npm run build` (worker on the prebuilt workflow bundle, mailer, API, web
 * pages) are started here on the pinned Node 24 runtime, with NODE_ENV=production, against the
 * run's Temporal and PostgreSQL, and a 000 case goes through them as in production.
 */
describe('the production build on Node.js 24', () => {
  let node: { path: string; version: string };
  let suite: CaseSuite;
  const apps: Record<string, AppProcess> = {};
  let api: string;
  let web: string;

  beforeAll(async () => {
    node = await findOrInstallNode24((line) => process.stderr.write(`[node24] ${line}\n`));
    await buildProductionApps();
    // The workflow bundle as the image's build stage makes it (`npm run build:workflows`), on Node 24 too.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-node24-'));
    const bundle = path.join(dir, 'workflow-bundle.js');
    await run(node.path, ['-r', '@swc-node/register', 'apps/worker/src/build-workflow-bundle.ts', bundle], { cwd: root });
    suite = await startCaseSuite('node24', 2);
    const [apiPort, webPort] = [await freePort(), await freePort()];
    api = `http://127.0.0.1:${apiPort}`;
    web = `http://127.0.0.1:${webPort}`;
    // Production's refusals, met as a site would: the worker's trust anchors (a CA of the suite's own: production refuses
    // npm start's development CA, ADR 0033), and the arithmetic captcha allowed explicitly (no siteverify provider in tests).
    const trustAnchorsFile = path.join(dir, 'trust-anchors.pem');
    fs.writeFileSync(trustAnchorsFile, (await createTestPki()).caPem);
    const env = {
      ...appProcessEnv(suite),
      NODE_ENV: 'production',
      WORKFLOW_BUNDLE_PATH: bundle,
      SIGNATURE_TRUST_ANCHORS: trustAnchorsFile,
      CAPTCHA_ALLOW_LOCAL_IN_PRODUCTION: 'true',
    };
    const how = { compiled: true, node: node.path };
    const [worker, mailer, apiApp] = await Promise.all([
      startAppProcess('worker', env, /worker started/, how),
      startAppProcess('mailer', env, /mailer started/, how),
      startAppProcess('api', { ...env, PORT: String(apiPort), HOST: '127.0.0.1' }, answersOk(`${api}/health`), how),
    ]);
    Object.assign(apps, { worker, mailer, api: apiApp });
    apps.web = await startAppProcess('web', { ...env, WEB_PORT: String(webPort), WEB_HOST: '127.0.0.1', API_BASE_URL: api }, answersOk(`${web}/`), how);
  });

  afterAll(async () => {
    await Promise.all(Object.values(apps).map((a) => a.stop()));
    await suite?.close();
  });

  it('runs every process on the pinned Node 24 binary', () => {
    expect(node.version).toBe(`v${NODE24_VERSION}`);
    const binary = fs.realpathSync(node.path);
    expect(Object.fromEntries(Object.entries(apps).map(([name, a]) => [name, fs.readlinkSync(`/proc/${a.child.pid}/exe`)]))).toEqual({
      worker: binary,
      mailer: binary,
      api: binary,
      web: binary,
    });
  });

  it('loads the native argon2 binding of node_modules on Node 24 and hashes with it', async () => {
    const script = `const a = require('argon2'); a.hash('clave', { type: a.argon2id }).then(async (h) => console.log(h.split('$')[1], await a.verify(h, 'clave'), await a.verify(h, 'otra')))`;
    const { stdout } = await run(node.path, ['-e', script], { cwd: root });
    expect(stdout.trim()).toBe('argon2id true false');
  });

  it('starts a 000 case through the public route, verifies the emailed code, books a turno; health and pages answer', async () => {
    const http = () => request(api);
    const email = 'nodo.veinticuatro@example.ec';
    const started = await http()
      .post('/public/cases')
      .send({
        identityNumber: 'PN2400024',
        captchaToken: await solveCaptcha(http),
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Ana Lucía Torres Díaz', nationality: 'COL', documentType: 'passport', documentNumber: 'PN2400024', birthDate: '1988-02-03' },
      });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;
    const auth = { Authorization: `Bearer ${started.body.accessToken as string}` };

    // The worker sealed the code into the outbox; the mailer, another Node 24 process, sent it.
    const mail = await suite.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    const verified = await http().post(`/cases/${caseId}/verification`).set(auth).send({ code });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('awaiting_booking');

    const day = addBusinessDays(toLocalDate(Date.now()), 2);
    const slots = await http().get(`/agencies/UIO-NORTE/availability?date=${day}`).expect(200);
    const slotId = (slots.body.items as Array<{ slotId: string }>)[0]?.slotId;
    const booked = await http().post(`/cases/${caseId}/appointment`).set(auth).send({ slotId });
    expect(booked.status).toBe(200);
    expect(booked.body.status).toBe('scheduled');
    const view = await http().get(`/cases/${caseId}`).set(auth).expect(200);
    expect(view.body).toMatchObject({ caseId, status: 'scheduled', procedure: 'FOREIGNER_CODE' });

    expect((await http().get('/health')).body).toEqual({ status: 'ok', temporal: 'up', database: 'up' });
    // A page the web process renders from the API's answer.
    const page = await request(web).get('/transparencia').expect(200);
    expect(page.text).toContain(`Transparencia ${new Date().getFullYear()}`);
    expect(page.text).toContain('lang="es');
  });
});
