import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { nationalityName } from '@tramites/domain';
import { TokenService } from '@tramites/api';
import type { Principal } from '@tramites/api';
import { freePort, waitFor } from '@tramites/infra';
import { OBSERVED_PROCESSES, alertRulesFile, startObservabilityStack, type ObservabilityStack, type ObservedProcess } from '@tramites/devenv';
import { announcedOpsPort } from '@tramites/observability';
import {
  OFFICER,
  THIRD_PARTY_CEDULA,
  answersOk,
  slotStartingSoon,
  completeDocuments001ByAttorney,
  appProcessEnv,
  startAppProcess,
  startCaseSuite,
  startTestOfficerIssuer,
  TEST_ENV,
  type AppProcess,
  type CaseSuite,
  type RunningOfficerIssuer,
} from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';
import { DeskCases, TEST_JWT_SECRET, type ApiHarness } from '@tramites/testing/api';
import { launchChromium } from '@tramites/testing/web';

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  references: Array<{ refType: string; spanID: string }>;
  tags: Array<{ key: string; value: unknown }>;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const LEGAL_PICHINCHA = { sub: 'legal-pic-obs', role: 'legal_unit' as const, province: 'PICHINCHA' };
const CASE_MANAGER = { sub: OFFICER.id, role: 'case_manager' as const, agencyId: 'UIO-NORTE' };

const EMPLOYER_RUC = '1790016919001';

/** The applicant's data a 001 by an attorney types in the booking pages: all of it personal but the employer's RUC. */
interface AttorneyBooking {
  identityNumber: string;
  email: string;
  holderName: string;
  passport: string;
  deedNumber: string;
}

/**
 * The booking pages of a 001 filed by an attorney with a poder, as the applicant pages' journeys drive them, up to the
 * emailed code verified (`/turno/agencia`): the case starts at the web's request (the pages' POST of «Enviar el código»).
 */
async function bookThroughPages(page: Page, webBase: string, b: AttorneyBooking, emailedCode: () => Promise<string>): Promise<void> {
  const continueTo = async (button: string, to: string): Promise<void> => {
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL((u) => u.pathname === to);
  };
  await page.goto(`${webBase}/turno/tramite`);
  await page.getByLabel('Código de identificación para extranjeros bajo relación de dependencia').check();
  await continueTo('Continuar', '/turno/quien');
  await page.getByLabel('El apoderado').check();
  await continueTo('Continuar', '/turno/provincia');
  await page.getByLabel('¿En qué provincia quiere ser atendido?').selectOption('PICHINCHA');
  await continueTo('Continuar', '/turno/contacto');
  await page.getByLabel('Número de identificación').fill(b.identityNumber);
  await page.getByLabel('Correo electrónico').fill(b.email);
  await page.getByLabel('Celular').fill('0991112233');
  await continueTo('Continuar', '/turno/titular');
  await page.getByLabel('Nombres y apellidos').fill(b.holderName);
  await continueTo('Continuar', '/turno/nacionalidad');
  await page.locator('#nationality').fill(nationalityName('COL', 'es'));
  await page.getByRole('option', { name: nationalityName('COL', 'es'), exact: true }).click();
  await continueTo('Continuar', '/turno/documento');
  await page.getByLabel('Pasaporte').check();
  await page.getByLabel('Número del documento').fill(b.passport);
  await continueTo('Continuar', '/turno/nacimiento');
  await page.getByLabel('Día').fill('14');
  await page.getByLabel('Mes').fill('3');
  await page.getByLabel('Año').fill('1983');
  await continueTo('Continuar', '/turno/poder');
  await page.getByLabel('RUC del empleador que otorgó el poder').fill(EMPLOYER_RUC);
  await page.getByLabel('Sus nombres y apellidos (apoderado)').fill('Luis Alberto Mena Vera');
  await page.getByLabel('Número de la escritura').fill(b.deedNumber);
  await page.getByLabel('Notaría').fill('Notaría Primera del cantón Quito');
  await continueTo('Continuar', '/turno/revisar');
  const [x, y] = ((await page.locator('label[for="captchaAnswer"]').innerText()).match(/\d+/g) ?? []).map(Number);
  await page.getByLabel(/¿Cuánto es/).fill(String((x ?? 0) + (y ?? 0)));
  await continueTo('Enviar el código a mi correo', '/turno/codigo');
  await page.getByLabel('Código de verificación').fill(await emailedCode());
  await continueTo('Verificar', '/turno/agencia');
}

/**
 * Production's alert rules with every `for:` at two seconds: the expressions are the real ones, only the time a
 * condition must hold before it fires is shortened (Prometheus evaluates every second here).
 */
function rulesWithShortFor(dir: string): string {
  const file = path.join(dir, 'alerts.short-for.yml');
  fs.writeFileSync(file, fs.readFileSync(alertRulesFile(), 'utf8').replace(/^(\s+)for: \S+$/gm, '$1for: 2s'));
  return file;
}

/**
 * The whole stack as production runs it (worker, mailer, API and web as processes, ADR 0032) with a real
 * Prometheus and a real Jaeger: a 001 case filed by an attorney with a poder goes from the start to its issuance,
 * then its trace, its metrics and the absence of its personal data are looked for in the tools' own APIs.
 */
describe('observability: metrics, traces and alerts on real tools', () => {
  let stack: ObservabilityStack;
  let browser: Browser;
  let blobDir: string;
  const opsPorts = {} as Record<ObservedProcess, number>;
  let suite: CaseSuite;
  let issuer: RunningOfficerIssuer;
  const processes: AppProcess[] = [];
  let apiBase: string;
  let webBase: string;
  let desk: DeskCases;
  let h: ApiHarness;

  const prom = async (query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const res = await fetch(`${stack.prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
    return body.data.result;
  };
  const promValue = async (query: string): Promise<number> => Number((await prom(query))[0]?.value[1] ?? NaN);
  const jaeger = async <T>(route: string): Promise<T> => ((await (await fetch(`${stack.jaeger.url}/api/${route}`)).json()) as { data: T }).data;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-observability-'));
    const started = await startObservabilityStack({
      dir,
      prometheusPort: 0,
      jaegerPort: 0,
      otlpPort: 0,
      scrapeIntervalSeconds: 1,
      // Each process binds any free operations port and says which: Prometheus learns it from a targets file.
      announcedPorts: true,
      // The run's dev server serves its own metrics there (the test set-up); a cluster run has none to scrape.
      ...(process.env[TEST_ENV.temporalMetricsPort] ? { temporalMetricsPort: Number(process.env[TEST_ENV.temporalMetricsPort]) } : {}),
      ruleFiles: [rulesWithShortFor(dir)],
      log: (line) => process.stderr.write(`[observability] ${line}\n`),
    });
    if (!started) throw new Error('no Prometheus or Jaeger: the test set-up provisions them (Go)');
    stack = started;
    suite = await startCaseSuite('observability', 3);
    issuer = await startTestOfficerIssuer();
    const env = appProcessEnv(suite);
    blobDir = env['BLOB_DIR'] ?? '';
    const [apiPort, webPort] = [await freePort(), await freePort()];
    apiBase = `http://127.0.0.1:${apiPort}`;
    webBase = `http://127.0.0.1:${webPort}`;
    processes.push(await startAppProcess('worker', { ...env, ...stack.processEnv('worker') }, /worker started/));
    processes.push(await startAppProcess('mailer', { ...env, ...stack.processEnv('mailer') }, /operations endpoint listening/));
    processes.push(
      await startAppProcess(
        'api',
        // The booking pages come from one address, the browser's (production counts 30 a minute per person).
        {
          ...env,
          ...stack.processEnv('api'),
          PUBLIC_RATE_LIMIT_PER_MINUTE: '1000',
          PORT: String(apiPort),
          HOST: '127.0.0.1',
          JWT_SECRET: TEST_JWT_SECRET,
          OIDC_ISSUER_URL: issuer.issuer,
        },
        answersOk(`${apiBase}/health`),
      ),
    );
    processes.push(
      await startAppProcess(
        'web',
        { NODE_ENV: 'test', ...stack.processEnv('web'), API_BASE_URL: apiBase, WEB_PORT: String(webPort), WEB_HOST: '127.0.0.1' },
        answersOk(`${webBase}/salud`),
      ),
    );
    OBSERVED_PROCESSES.forEach((name, i) => {
      const port = announcedOpsPort(processes[['worker', 'mailer', 'api', 'web'].indexOf(name)]?.output() ?? '', name);
      if (!port) throw new Error(`${name} announced no operations port (process ${i})`);
      opsPorts[name] = port;
      stack.announce(name, port);
    });
    const tokens = new TokenService(TEST_JWT_SECRET);
    h = {
      http: () => request(apiBase),
      token: (p: Principal) => (p.role === 'applicant' ? tokens.sign(p, 3600) : issuer.signer.sign(p as Parameters<typeof issuer.signer.sign>[0])),
      db: suite.db,
      smtp: suite.smtp,
    } as unknown as ApiHarness;
    desk = new DeskCases(h);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    // Stopped by the last test; a process left by a failure before it is killed.
    await browser?.close();
    await Promise.all(processes.map((p) => p.crash()));
    await stack?.stop();
    await issuer?.close();
    await suite?.close();
  }, 180_000);

  let caseId: string;
  let personal: string[];

  it('drives a 001 case with a poder from the booking pages to its issuance, each process ready on its operations endpoint', async () => {
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const booking: AttorneyBooking = {
      identityNumber: THIRD_PARTY_CEDULA,
      email: `apoderado-${tag.toLowerCase()}@example.ec`,
      holderName: 'Jorge Luis Salazar Vera',
      passport: `AB${tag}`,
      deedNumber: `2026-17-01-P${tag}`,
    };
    const context = await browser.newContext({ locale: 'es-EC' });
    await bookThroughPages(await context.newPage(), webBase, booking, async () => {
      const mail = await suite.smtp.waitForMessage((m) => m.to.includes(booking.email) && /verific/i.test(m.subject));
      return /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    });
    await context.close();
    caseId = await new TestRows(suite.db.dataSource).caseIdOf(THIRD_PARTY_CEDULA, 'FOREIGNER_CODE_EMPLOYMENT');
    // The day's turno through the API (the pages offer days ahead; the window attends today).
    const applicant = `Bearer ${await h.token({ sub: THIRD_PARTY_CEDULA, role: 'applicant' } as Principal)}`;
    const booked = await h
      .http()
      .post(`/cases/${caseId}/appointment`)
      .set('Authorization', applicant)
      .send({ slotId: await slotStartingSoon(suite.db.dataSource, 'UIO-NORTE') });
    expect(booked.status).toBe(200);
    const poderId = `${EMPLOYER_RUC}:${THIRD_PARTY_CEDULA}:${booking.deedNumber}`;
    await desk.attended(caseId, OFFICER.id, completeDocuments001ByAttorney);
    await desk.waitForStatus(caseId, 'legal_review');
    await waitFor('the poder in the inbox', () => new TestRows(suite.db.dataSource).poderReviewPending(poderId), { timeoutMs: 30_000, intervalMs: 200 });
    const res = await h
      .http()
      .post(`/legal/poderes/${encodeURIComponent(poderId)}/endorsement`)
      .set('Authorization', `Bearer ${await h.token(LEGAL_PICHINCHA)}`)
      .send({ validUntil: '2027-12-31' });
    expect(res.status).toBe(200);
    await desk.waitForStatus(caseId, 'issued');
    // The case's names, documents and email (typed in the pages): none may reach a label or a span.
    personal = [booking.holderName, booking.passport, booking.email, THIRD_PARTY_CEDULA];
    for (const name of OBSERVED_PROCESSES) {
      const port = opsPorts[name];
      expect([name, (await fetch(`http://127.0.0.1:${port}/livez`)).status, (await fetch(`http://127.0.0.1:${port}/readyz`)).status]).toEqual([name, 200, 200]);
    }
  }, 300_000);

  it("finds the case's trace in Jaeger: the page's request, the API's inside it, the workflow's spans, down to the issuance activity and its SQL", async () => {
    let trace: JaegerTrace | undefined;
    let seen: string[] = [];
    await waitFor(
      'the issuance in Jaeger',
      async () => {
        const traces = (await jaeger<JaegerTrace[]>('traces?service=tramites-worker&limit=500&lookback=1h')).filter((t) =>
          t.spans.some((s) => /^RunActivity:issue(ForeignerCode|Document)$/.test(s.operationName)),
        );
        trace = traces.find((t) => t.spans.some((s) => s.operationName.startsWith('StartWorkflow')));
        seen = traces.map((t) => [...new Set(t.spans.map((s) => `${t.processes[s.processID]?.serviceName} ${s.operationName}`))].join(', '));
        return Boolean(trace);
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}; traces of the issuance seen: ${seen.join(' | ')}`);
    });
    const spans = trace?.spans ?? [];
    const service = (s: JaegerSpan): string => trace?.processes[s.processID]?.serviceName ?? '';
    const names = spans.map((s) => `${service(s)} ${s.operationName}`);
    // The page's request, the API's request it made and its start of the workflow; the workflow's own spans (made
    // in its sandbox, exported by the sink) scheduling the issuance; the activity run by the worker and its SQL.
    const wanted = [
      'tramites-web POST',
      'tramites-api POST',
      'tramites-api StartWorkflow:inPersonCaseWorkflow',
      'tramites-worker StartActivity:issueDocument',
      'tramites-worker RunActivity:issueDocument',
    ];
    expect(names).toEqual(expect.arrayContaining(wanted));
    // HTTP spans are named by their method: their path is a tag (without its query, scrub.ts).
    const apiStart = spans.filter((s) => service(s) === 'tramites-api' && s.operationName === 'POST');
    expect(apiStart.some((s) => JSON.stringify(s.tags).includes('/public/cases'))).toBe(true);
    expect(names.some((n) => n.startsWith('tramites-worker pg.query'))).toBe(true);
    // Its root is the page's request (the booking's POST): no span of the trace starts it from elsewhere.
    const roots = spans.filter((s) => s.references.length === 0);
    expect(roots.map((s) => `${service(s)} ${s.operationName.split(' ')[0]}`)).toEqual(['tramites-web POST']);
    expect(JSON.stringify(roots[0]?.tags)).toContain('/turno/revisar');
  }, 120_000);

  it("follows a page's request from the web into the API", async () => {
    const before = Date.now();
    await fetch(`${webBase}/seguir`); // the follow-my-case page asks the API for a captcha
    await waitFor(
      'a web request that reached the API',
      async () => {
        const traces = await jaeger<JaegerTrace[]>(`traces?service=tramites-web&start=${before * 1000}&limit=50`);
        return traces.some((t) => Object.values(t.processes).some((p) => p.serviceName === 'tramites-api'));
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
  }, 60_000);

  it('scrapes each metric family with the values the case moved', async () => {
    await waitFor('the issuance in Prometheus', async () => (await promValue('sum(tramites_case_events_total{type="FOREIGNER_CODE_ISSUED"})')) >= 1, {
      timeoutMs: 30_000,
      intervalMs: 1_000,
    });
    const positive: Record<string, string> = {
      'worker: workflow task schedule-to-start': 'sum(temporal_workflow_task_schedule_to_start_latency_count{job="tramites-worker"})',
      'worker: activity execution latency': 'sum(temporal_activity_execution_latency_count{job="tramites-worker"})',
      'worker: sticky cache': 'sum(temporal_sticky_cache_hit{job="tramites-worker"}) + sum(temporal_sticky_cache_miss{job="tramites-worker"} or vector(0))',
      'worker: polls': 'sum(temporal_workflow_task_queue_poll_succeed{job="tramites-worker"})',
      // Scraped (up is 1), not only configured: the up series exists for a target that does not answer too.
      ...(process.env[TEST_ENV.temporalMetricsPort] ? { 'Temporal server': 'sum(up{job="temporal"}) * count({job="temporal", __name__!="up"})' } : {}),
      'API: HTTP by route': 'sum(http_server_request_duration_seconds_count{job="tramites-api",route="/cases/:caseId/documents",status_code="200"})',
      'web: HTTP': 'sum(http_server_request_duration_seconds_count{job="tramites-web"})',
      'mailer: emails sent': 'sum(tramites_outbox_sends_total{job="tramites-mailer",channel="email",outcome="sent"})',
      'PostgreSQL pool': 'sum(db_client_connections{job="tramites-api"})',
      'cases opened': 'sum(tramites_case_events_total{type="CASE_OPENED",procedure="FOREIGNER_CODE_EMPLOYMENT"})',
      'poder endorsed': 'sum(tramites_case_events_total{type="PODER_ENDORSED"})',
      'cases issued': 'sum(tramites_cases{status="issued",procedure="FOREIGNER_CODE_EMPLOYMENT"})',
    };
    const values: Record<string, number> = {};
    for (const [what, query] of Object.entries(positive)) values[what] = await promValue(query);
    expect(Object.entries(values).filter(([, v]) => !(v > 0))).toEqual([]);
    const present = [
      'tramites_poder_reviews_waiting',
      'tramites_outbox_pending_messages',
      'tramites_outbox_oldest_pending_age_seconds',
      'tramites_event_log_checkpoints_signed',
      'tramites_case_deadlines_breached',
    ];
    const names = ((await (await fetch(`${stack.prometheus.url}/api/v1/label/__name__/values`)).json()) as { data: string[] }).data;
    expect(present.filter((n) => !names.includes(n) && n !== 'tramites_poder_reviews_waiting' && n !== 'tramites_case_deadlines_breached')).toEqual([]);
  }, 60_000);

  it("evaluates every dashboard's queries and the alert rules without an error", async () => {
    const dir = path.join(__dirname, '../../../docker/grafana/dashboards');
    for (const file of fs.readdirSync(dir)) {
      const board = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
      for (const target of board.panels.flatMap((p) => p.targets)) await prom(target.expr.replace(/\$agency/g, '.*'));
    }
    const rules = (
      (await (await fetch(`${stack.prometheus.url}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> } }
    ).data;
    const unhealthy = rules.groups.flatMap((g) => g.rules).filter((r) => r.health !== 'ok');
    expect(rules.groups.flatMap((g) => g.rules).length).toBeGreaterThanOrEqual(9);
    expect(unhealthy).toEqual([]);
  }, 60_000);

  it('holds no personal data of the case in any label or span', async () => {
    const series = await (await fetch(`${stack.prometheus.url}/federate?match[]=${encodeURIComponent('{__name__=~".+"}')}`)).text();
    expect(series.length).toBeGreaterThan(1000);
    const spans: string[] = [];
    for (const service of await jaeger<string[]>('services')) {
      spans.push(JSON.stringify(await jaeger<JaegerTrace[]>(`traces?service=${service}&limit=1000&lookback=1h`)));
    }
    const all = `${series}\n${spans.join('\n')}`;
    expect(all).toContain(caseId); // the case's id is not personal data: the spans name its routes
    expect(personal.filter((p) => all.toLowerCase().includes(p.toLowerCase()))).toEqual([]);
  }, 60_000);

  it('fires the stuck-case alert when a case is made stuck on purpose, and resolves it once the case moves', async () => {
    type Alert = { labels: Record<string, string>; state: string };
    const stuckAlerts = async (): Promise<Alert[]> =>
      ((await (await fetch(`${stack.prometheus.url}/api/v1/alerts`)).json()) as { data: { alerts: Alert[] } }).data.alerts.filter(
        (a) => a.labels['alertname'] === 'TramitesCaseStuck',
      );
    expect(await stuckAlerts()).toEqual([]);
    // The fault: the blob folder is a file, so the issuance cannot write the document's PDF (as a full or
    // read-only disk would); the activity retries, then the case shows as stuck (issuance.ts).
    const aside = `${blobDir}.aside`;
    if (fs.existsSync(blobDir)) fs.renameSync(blobDir, aside);
    fs.writeFileSync(blobDir, 'not a folder');
    let stuckCase: string;
    try {
      ({ caseId: stuckCase } = await desk.booked000('Rosa Elvira Quishpe Andrade'));
      await desk.attended(stuckCase);
      // Five attempts with the registry's back-off (libs/contracts case.ts): about 65 s.
      await waitFor('the case stuck', () => desk.waitForStatus(stuckCase, 'stuck').then(() => true), { timeoutMs: 150_000, intervalMs: 1_000 });
      await waitFor('TramitesCaseStuck firing', async () => (await stuckAlerts()).some((a) => a.state === 'firing'), { timeoutMs: 60_000, intervalMs: 1_000 });
      const firing = await stuckAlerts();
      expect(firing.map((a) => [a.labels['procedure'], a.labels['agency'], a.state])).toEqual([['FOREIGNER_CODE', 'UIO-NORTE', 'firing']]);
    } finally {
      fs.rmSync(blobDir, { force: true });
      if (fs.existsSync(aside)) fs.renameSync(aside, blobDir);
    }
    // The disk is back: an officer retries the step, the case is issued and the alert resolves.
    const retried = await h
      .http()
      .post(`/cases/${stuckCase}/retry`)
      .set('Authorization', `Bearer ${await h.token(CASE_MANAGER)}`)
      .send({});
    expect(retried.status).toBe(200);
    await desk.waitForStatus(stuckCase, 'issued');
    await waitFor('TramitesCaseStuck resolved', async () => (await stuckAlerts()).length === 0, { timeoutMs: 60_000, intervalMs: 1_000 });
  }, 300_000);

  it('stops every process by SIGTERM alone, its operations endpoint and spans included', async () => {
    const stopped = await Promise.all(
      processes.map(async (p, i) => {
        let killed = false;
        const timer = setTimeout(() => {
          killed = true;
          void p.crash();
        }, 60_000);
        await p.stop();
        clearTimeout(timer);
        return [['worker', 'mailer', 'api', 'web'][i], killed ? 'SIGKILL after 60 s' : 'exited'];
      }),
    );
    expect(stopped).toEqual([
      ['worker', 'exited'],
      ['mailer', 'exited'],
      ['api', 'exited'],
      ['web', 'exited'],
    ]);
  }, 120_000);
});
