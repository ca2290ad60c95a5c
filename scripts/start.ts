/**
 * `npm start`: the whole system in one terminal.
 * Temporal dev server (unless TEMPORAL_ADDRESS is set) -> PostgreSQL (embedded unless
 * DATABASE_URL is set) -> migrations -> worker, mail dispatcher -> API -> web pages. Ctrl-C stops them in reverse order;
 * all data stays in the data folder (TRAMITES_DATA_DIR, default .data/).
 * `npm start -- --cluster` (or TRAMITES_TEMPORAL=cluster): PostgreSQL first, then a Temporal
 * cluster on it (frontend, history and matching nodes, internal worker, Web UI: ADR 0013)
 * instead of the dev server.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_NAMESPACE } from '@tramites/contracts';
import { StartupError, assertPortFree, waitFor, WORKER_NODE_FLAGS, workerProcessEnv } from '@tramites/infra';
import {
  dataDir,
  developmentSecrets,
  startDevMailbox,
  startDevSmsServer,
  findOrInstallTemporalCli,
  startEmbeddedPostgres,
  provisionTemporalCluster,
  startTemporalDevServer,
  startObservabilityStack,
  stopChild,
  type ObservabilityStack,
  type ObservedProcess,
  workspaceRoot,
  type RunningDevServer,
  type RunningPostgres,
  type RunningTemporalCluster,
} from '@tramites/devenv';
import { developmentSignatures } from '@tramites/devenv/src/dev-signatures';
import {
  AgendaRepository,
  DEFAULT_AGENCIES,
  DEMO_AFFILIATES,
  DEMO_EMPLOYERS,
  DEMO_OFFICERS,
  DevOfficerRepository,
  createDataSource,
  runMigrations,
  seedDemoRegistry,
} from '@tramites/persistence';

const say = (line: string): void => {
  process.stderr.write(`[start] ${line}\n`);
};

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new StartupError(`${name} must be a port number between 1 and 65535 (got "${raw}")`);
  }
  return value;
}

interface Stack {
  temporal?: RunningDevServer | RunningTemporalCluster;
  postgres?: RunningPostgres;
  mailbox?: { close(): Promise<void> };
  smsGateway?: { close(): Promise<void> };
  observability?: ObservabilityStack;
  children: ChildProcess[];
}

const stack: Stack = { children: [] };
let stopping = false;

async function shutdown(code: number): Promise<never> {
  // A refusal before anything started is its one line, with nothing to stop.
  if (!stopping && (stack.children.length || stack.temporal || stack.postgres || stack.mailbox)) {
    stopping = true;
    say('stopping...');
    // API and worker first (the worker finishes its in-flight activities), then Temporal, then PostgreSQL.
    for (const child of [...stack.children].reverse()) await stopChild(child, 40_000);
    await stack.temporal?.stop();
    await stack.postgres?.stop();
    await stack.mailbox?.close();
    await stack.smsGateway?.close();
    await stack.observability?.stop();
    say('stopped; data kept in ' + dataDir());
  }
  process.exit(code);
}

function spawnApp(name: string, entry: string, env: NodeJS.ProcessEnv, preload: string[] = [], nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(
    process.execPath,
    [...nodeFlags, '-r', '@swc-node/register', ...preload.flatMap((p) => ['--require', path.join(workspaceRoot(), p)]), entry],
    {
      cwd: workspaceRoot(),
      env,
      // Own process group: Ctrl-C reaches only this script, which stops the children in order.
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} ended unexpectedly (${signal ?? `exit code ${code}`}); stopping everything`);
      void shutdown(1);
    }
  });
  stack.children.push(child);
  return child;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const data = dataDir();
  refuseDevelopmentKeysInProduction(process.env);
  const port = intFromEnv('PORT', 3000);
  const host = process.env.HOST || '0.0.0.0';
  const namespace = process.env.TEMPORAL_NAMESPACE || DEFAULT_NAMESPACE;
  await assertPortFree(port, host, 'PORT');
  const webPort = intFromEnv('WEB_PORT', 3001);
  await assertPortFree(webPort, host, 'WEB_PORT');
  // The officers' OpenID provider: IESS's own (OIDC_ISSUER_URL), or an embedded one for development (ADR 0021).
  const embeddedOidc = !process.env.OIDC_ISSUER_URL;
  const oidcPort = intFromEnv('OIDC_DEV_PORT', 3002);
  if (embeddedOidc) await assertPortFree(oidcPort, '127.0.0.1', 'OIDC_DEV_PORT');

  const cluster = process.argv.includes('--cluster') || process.env.TRAMITES_TEMPORAL === 'cluster';
  // 0. Prometheus and Jaeger (ADR 0032) unless --no-observability: every process scraped, its spans kept.
  if (!process.argv.includes('--no-observability') && process.env.TRAMITES_OBSERVABILITY !== 'off') {
    stack.observability = await startObservabilityStack({
      dir: path.join(data, 'observability'),
      prometheusPort: intFromEnv('PROMETHEUS_PORT', 9090),
      jaegerPort: intFromEnv('JAEGER_PORT', 16686),
      otlpPort: intFromEnv('OTLP_PORT', 4318),
      log: say,
    });
    if (!stack.observability) say('no Prometheus or Jaeger (Go is needed to build them once): starting without them');
  }
  const observed = (name: ObservedProcess): Record<string, string> => stack.observability?.processEnv(name) ?? {};
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let uiUrl = process.env.TEMPORAL_UI_URL;
  if (cluster && temporalAddress) throw new StartupError('--cluster starts a Temporal cluster of its own: unset TEMPORAL_ADDRESS');

  // 1. Temporal dev server (the cluster mode needs PostgreSQL first)
  if (!temporalAddress && !cluster) {
    const cli = await findOrInstallTemporalCli(say);
    if (!cli) {
      throw new StartupError('no Temporal CLI: install Go (to build it), set TEMPORAL_CLI, or set TEMPORAL_ADDRESS');
    }
    say(`Temporal CLI (${cli.source}): ${cli.path}`);
    const ip = process.env.TEMPORAL_IP || '127.0.0.1';
    stack.temporal = await startTemporalDevServer({
      cliPath: cli.path,
      dataDir: path.join(data, 'temporal'),
      ip,
      port: intFromEnv('TEMPORAL_PORT', 7233),
      uiPort: intFromEnv('TEMPORAL_UI_PORT', 8233),
      namespace,
      // The Web UI shows payloads decrypted by the codec server to an auditor signed in at the officers'
      // pages, which forward to the API's /codec with the officer's token (ADR 0014, 0021).
      uiCodecEndpoint: process.env.TEMPORAL_UI_CODEC_ENDPOINT || `http://localhost:${webPort}/oficina/codec`,
      ...(stack.observability ? { metricsPort: stack.observability.temporalMetricsPort } : {}),
      // The dev server's own warnings (e.g. dial errors while it stops) are noise here; errors are not.
      log: (l) => {
        if (!stopping && !/level=(WARN|INFO|DEBUG)/.test(l)) say(`[temporal] ${l}`);
      },
    });
    temporalAddress = stack.temporal.address;
    uiUrl = stack.temporal.uiUrl;
    say(`Temporal dev server ready at ${temporalAddress}`);
  }

  // 2. PostgreSQL (embedded unless DATABASE_URL is set)
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    stack.postgres = await startEmbeddedPostgres({
      clusterDir: path.join(data, 'postgres'),
      port: intFromEnv('EMBEDDED_POSTGRES_PORT', 5433),
      database: 'tramites',
      log: say,
    });
    databaseUrl = stack.postgres.url;
    say(`embedded PostgreSQL ready on port ${stack.postgres.port}`);
  }

  // 2b. The Temporal cluster on that PostgreSQL
  if (cluster) {
    const ip = process.env.TEMPORAL_IP || '127.0.0.1';
    const started = Date.now();
    const running = await provisionTemporalCluster({
      postgresUrl: databaseUrl,
      configDir: path.join(data, 'temporal-cluster'),
      ip,
      frontendPort: intFromEnv('TEMPORAL_PORT', 7233),
      uiPort: intFromEnv('TEMPORAL_UI_PORT', 8233),
      namespace,
      log: (l) => {
        if (!stopping) say(l);
      },
    });
    stack.temporal = running;
    temporalAddress = running.address;
    uiUrl = running.uiUrl;
    say(`Temporal cluster ready at ${temporalAddress} in ${Math.round((Date.now() - started) / 1000)} s: ${running.nodes().join(', ')}`);
    say(`  node logs in ${path.join(data, 'temporal-cluster', 'logs')}`);
    if (!uiUrl) say('no Temporal Web UI for the cluster (it could not be built): use the Temporal CLI');
  }
  if (!temporalAddress) throw new StartupError('no Temporal server');

  // 3. Migrations
  const applied = await runMigrations({ url: databaseUrl, applicationName: 'tramites-migrate' });
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');

  await seedAgencies(databaseUrl);
  if (stack.postgres) await seedDemoData(databaseUrl);

  // 4. Mail: a local mailbox unless an SMTP server is configured
  let smtp: Record<string, string> = {};
  if (!process.env.SMTP_HOST) {
    const smtpPort = intFromEnv('SMTP_PORT', 1025);
    stack.mailbox = await startDevMailbox({ port: smtpPort, dir: path.join(data, 'mail'), log: say });
    smtp = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort) };
    say(`local mailbox on port ${smtpPort}: emails are kept in ${path.join(data, 'mail')}`);
  }
  // 4b. SMS: a local gateway (the HTTP SMS API shape the mailer speaks, ADR 0029) unless one is configured
  let sms: Record<string, string> = {};
  let smsUrl: string | undefined;
  if (!process.env.SMS_API_URL) {
    const smsPort = intFromEnv('SMS_PORT', 3025);
    await assertPortFree(smsPort, '127.0.0.1', 'SMS_PORT');
    const gateway = await startDevSmsServer({ port: smsPort, dir: path.join(data, 'sms'), accountSid: 'local', authToken: 'local', log: say });
    stack.smsGateway = gateway;
    smsUrl = gateway.url;
    sms = { SMS_API_URL: gateway.url, SMS_ACCOUNT_SID: 'local', SMS_AUTH_TOKEN: 'local', SMS_FROM: 'IESS' };
    say(`local SMS gateway on port ${smsPort}: text messages are kept in ${path.join(data, 'sms')}`);
  }

  // 5. Worker, mail dispatcher and API (development secrets and signing keys persist in the data folder)
  const secrets = process.env.SIGNING_PRIVATE_KEY || process.env.TRAMITES_SECRET ? {} : developmentSecrets(data);
  // The payload keys (ADR 0014) come from the data folder unless given, whatever else is.
  const payloadKeys = process.env.TEMPORAL_PAYLOAD_KEYS ? {} : { TEMPORAL_PAYLOAD_KEYS: developmentSecrets(data)['TEMPORAL_PAYLOAD_KEYS'] ?? '' };
  const dev = developmentSecrets(data);
  const oidcIssuer = process.env.OIDC_ISSUER_URL ?? `http://localhost:${oidcPort}`;
  const webUrl = `http://localhost:${webPort}`;
  // The web pages' session store (ADR 0021) and the officers' sign-in, for the API and the web pages.
  const officerEnv = {
    WEB_SESSION_STORE_KEY: process.env.WEB_SESSION_STORE_KEY ?? dev['WEB_SESSION_STORE_KEY'] ?? '',
    OIDC_ISSUER_URL: oidcIssuer,
    ...(embeddedOidc ? { OIDC_EMBEDDED_PROVIDER: 'true', OIDC_CLIENT_ID: 'tramites-web', OIDC_CLIENT_SECRET: dev['OIDC_CLIENT_SECRET'] ?? '' } : {}),
  };
  // The Ventanilla Virtual (004) verifies electronic signatures: a development CA and demo documents signed with it.
  const demoSigner = DEMO_EMPLOYERS[0];
  const signatures = process.env.SIGNATURE_TRUST_ANCHORS
    ? undefined
    : await developmentSignatures(data, { fullName: demoSigner.legalRepName, identityNumber: demoSigner.legalRepIdentity });
  const uiOrigins = uiUrl ? [new URL(uiUrl).origin, new URL(uiUrl).origin.replace('127.0.0.1', 'localhost')] : [];
  const env = {
    ...secrets,
    ...payloadKeys,
    ...(uiOrigins.length ? { CODEC_ALLOWED_ORIGINS: [...new Set(uiOrigins)].join(',') } : {}),
    ...officerEnv,
    ...(signatures ? { SIGNATURE_TRUST_ANCHORS: signatures.trustAnchorsFile } : {}),
    ...process.env,
    ...smtp,
    ...sms,
    // The reminder's "Consultar mi trámite" and the waiting list's offer links open the web pages.
    WEB_BASE_URL: process.env.WEB_BASE_URL ?? webUrl,
    BLOB_DIR: process.env.BLOB_DIR ?? path.join(data, 'blobs'),
    PORT: String(port),
    HOST: host,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    DATABASE_URL: databaseUrl,
    // The emailed password link (003/004) opens the web app's page.
    PORTAL_BASE_URL: process.env.PORTAL_BASE_URL ?? `http://localhost:${webPort}/portal/clave`,
    // The QR code of each issued document opens the web page that verifies it.
    VERIFY_BASE_URL: process.env.VERIFY_BASE_URL ?? `http://localhost:${webPort}/verificacion`,
    // The API counts public requests per applicant: it trusts the address the web pages forward.
    TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback',
  };
  if (embeddedOidc) {
    await seedDemoOfficers(databaseUrl);
    spawnApp('oidc', 'scripts/oidc-provider.ts', {
      ...process.env,
      DATABASE_URL: databaseUrl,
      OIDC_DEV_ISSUER: oidcIssuer,
      OIDC_CLIENT_ID: 'tramites-web',
      OIDC_CLIENT_SECRET: officerEnv.OIDC_CLIENT_SECRET ?? '',
      OIDC_REDIRECT_URIS: `${webUrl}/oficina/callback`,
      OIDC_POST_LOGOUT_REDIRECT_URIS: `${webUrl}/oficina/salida`,
      OIDC_DEV_SIGNING_JWK: dev['OIDC_DEV_SIGNING_JWK'] ?? '',
    });
    await waitFor('the embedded OpenID provider', async () => (await fetch(`${oidcIssuer}/.well-known/openid-configuration`)).ok, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
  }
  // The worker's preload runs in each of its threads (apps/worker/src/workflow-stack-traces.ts), with its
  // node flags and allocator setting (libs/infra worker-process.ts, ADR 0023).
  spawnApp(
    'worker',
    'apps/worker/src/main.ts',
    { ...env, ...workerProcessEnv(env), ...observed('worker') },
    ['apps/worker/src/workflow-stack-traces.ts'],
    WORKER_NODE_FLAGS,
  );
  spawnApp('mailer', 'apps/mailer/src/main.ts', { ...env, ...observed('mailer') });
  spawnApp('api', 'apps/api/src/main.ts', { ...env, ...observed('api') });

  const apiUrl = `http://localhost:${port}`;
  await waitFor('the API', async () => (await fetch(`${apiUrl}/health`)).ok, { timeoutMs: 120_000, intervalMs: 500 });
  // 6. The applicant's web pages (ADR 0015): a client of the API, no database of their own.
  spawnApp('web', 'apps/web/src/main.ts', {
    ...(uiOrigins.length ? { CODEC_ALLOWED_ORIGINS: [...new Set(uiOrigins)].join(',') } : {}),
    ...officerEnv,
    ...process.env,
    WEB_PORT: String(webPort),
    WEB_HOST: host,
    WEB_PUBLIC_URL: process.env.WEB_PUBLIC_URL ?? webUrl,
    API_BASE_URL: `http://127.0.0.1:${port}`,
    ...observed('web'),
  });
  await waitFor('the web pages', async () => (await fetch(`${webUrl}/salud`)).ok, { timeoutMs: 60_000, intervalMs: 500 });
  say('');
  say('Trámites is up:');
  say(`  Web pages      ${webUrl}   (book a turno, checklist, portal password: ${webUrl}/portal/clave)`);
  say(`  Officers       ${webUrl}/oficina   (sign-in at ${oidcIssuer}${embeddedOidc ? ', the embedded provider; demo officers below' : ''})`);
  say(`  API            ${apiUrl}`);
  say(`  OpenAPI docs   ${apiUrl}/docs   (JSON: ${apiUrl}/docs-json)`);
  say(`  Health         ${apiUrl}/health`);
  if (stack.observability) {
    say(
      `  Prometheus     ${stack.observability.prometheus.url.replace('127.0.0.1', 'localhost')}/alerts   (every process scraped, the alert rules of docker/prometheus/alerts.yml)`,
    );
    say(
      `  Traces         ${stack.observability.jaeger.url.replace('127.0.0.1', 'localhost')}/search   (Jaeger: a request from the pages through the API into its workflow)`,
    );
  }
  if (smsUrl) say(`  SMS (local)    ${smsUrl}/messages   (the text messages sent; one file each in ${path.join(data, 'sms')})`);
  // The UI on "localhost", as the web pages: same site, so the auditor's session cookie reaches the codec.
  if (uiUrl)
    say(
      `  Temporal UI    ${uiUrl.replace('127.0.0.1', 'localhost')}/namespaces/${namespace}/workflows   (payloads encrypted; decrypted for an auditor signed in at ${webUrl}/oficina: docs/configuration.md, TEMPORAL_UI_CODEC_ENDPOINT)`,
    );
  if (embeddedOidc) {
    say('Demo officers of the embedded OpenID provider (development only; roles editable at /oficina/admin/funcionarios):');
    for (const o of DEMO_OFFICERS)
      say(
        `  ${o.username.padEnd(19)} ${o.password.padEnd(21)} ${o.role}${o.agencyId ? ` ${o.agencyId}` : ''}${o.province && o.role !== 'case_manager' ? ` ${o.province}` : ''}`,
      );
  }
  if (signatures) {
    // The worker and the API trust the development CA (SIGNATURE_TRUST_ANCHORS); NODE_ENV=production refuses it (ADR 0033).
    say(`Ventanilla Virtual (004) at ${webUrl}/clave-empleador/virtual: demo documents in ${path.dirname(signatures.documents[0]?.file ?? data)}`);
    say(`  signed by ${signatures.signer} with the development certification authority ${signatures.trustAnchorsFile} (development only);`);
    say(`  try the employers above: ${DEMO_EMPLOYERS.map((e) => e.id).join(', ')} (a foreign employer by passport, an artisan)`);
    for (const d of signatures.documents) say(`  ${d.kind.padEnd(25)} ${path.basename(d.file)}`);
  }
  say(`  Data folder    ${data}`);
  say('Press Ctrl-C to stop.');
}

/**
 * The keys `npm start` takes from the data folder when they are not in the environment (dev-secrets.ts,
 * dev-signatures.ts), by the variable that carries each.
 */
const DEVELOPMENT_KEYS = [
  'TRAMITES_SECRET',
  'SIGNING_PRIVATE_KEY',
  'TEMPORAL_PAYLOAD_KEYS',
  'TEMPORAL_ACTOR_ASSERTION_KEY',
  'WEB_SESSION_STORE_KEY',
  'SIGNATURE_TRUST_ANCHORS',
] as const;

/**
 * NODE_ENV=production never runs on the data folder's development keys (readable by whoever reads the folder,
 * never rotated): every one of them must come from the environment, unless TRAMITES_ALLOW_DEVELOPMENT_KEYS=true
 * says this is a trial. Nor, trial or not, without the officers' own identity provider (OIDC_ISSUER_URL): the
 * embedded one would first write the demo officers, whose passwords are published, to the database (ADR 0021).
 * Both are refused here, before anything starts or is written.
 */
function refuseDevelopmentKeysInProduction(env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== 'production') return;
  const missing = env.TRAMITES_ALLOW_DEVELOPMENT_KEYS === 'true' ? [] : DEVELOPMENT_KEYS.filter((name) => !env[name]);
  if (missing.length) {
    throw new StartupError(
      `NODE_ENV=production refuses the data folder's development keys: set ${missing.join(', ')} (or TRAMITES_ALLOW_DEVELOPMENT_KEYS=true for a trial)`,
    );
  }
  if (!env.OIDC_ISSUER_URL) {
    throw new StartupError(
      "NODE_ENV=production needs the officers' identity provider: set OIDC_ISSUER_URL (the embedded provider and its demo officers are for development only)",
    );
  }
}

/** A fresh database gets the default agencies, so that appointments can be booked at once. */
async function seedAgencies(url: string): Promise<void> {
  const ds = createDataSource({ url, poolSize: 1, applicationName: 'tramites-seed' });
  await ds.initialize();
  try {
    const agenda = new AgendaRepository(ds);
    if ((await agenda.agencyCount()) > 0) return;
    for (const agency of DEFAULT_AGENCIES) await agenda.upsertAgency(agency);
    say(`seeded ${DEFAULT_AGENCIES.length} agencies`);
  } finally {
    await ds.destroy();
  }
}

/** The embedded OpenID provider's demo officers (added once; a role the administrator changed is kept). */
async function seedDemoOfficers(url: string): Promise<void> {
  const ds = createDataSource({ url, poolSize: 1, applicationName: 'tramites-seed' });
  await ds.initialize();
  try {
    const added = await new DevOfficerRepository(ds).seed();
    if (added > 0) say(`seeded ${added} demo officers for the embedded OpenID provider`);
  } finally {
    await ds.destroy();
  }
}

/**
 * The embedded development database also gets demo registry rows (affiliates, employers),
 * so that the portal-password procedures 003 and 004 can be tried at once.
 */
async function seedDemoData(url: string): Promise<void> {
  const ds = createDataSource({ url, poolSize: 1, applicationName: 'tramites-seed' });
  await ds.initialize();
  try {
    if ((await seedDemoRegistry(ds)) === 0) return;
    say('seeded demo registry rows for 003/004 (development database only):');
    for (const a of DEMO_AFFILIATES) say(`  affiliate ${a.identityNumber} ${a.fullName}, born ${a.birthDate}`);
    for (const e of DEMO_EMPLOYERS) say(`  employer  ${e.id} ${e.name} (${e.province}), key request ${e.keyRequestNumber}`);
  } finally {
    await ds.destroy();
  }
}

main().catch(async (err: unknown) => {
  const message = err instanceof StartupError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`start: ${message}\n`);
  await shutdown(1);
});
