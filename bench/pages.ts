/**
 * The pages under load (ADR 0035, "Pages under load"): the web app (apps/web, run as production runs it) started
 * beside the bench's API, and the applicant's booking journey through /turno driven over plain HTTP (a cookie jar,
 * each form's CSRF token, the emailed code from the bench's mailbox), BENCH_CONCURRENCY at once. Each page's latency
 * by route template; its API calls from the web's Server-Timing header (WEB_SERVER_TIMING=1, apps/web/src/api/server-timing.ts).
 * The target: a page's p95 at most 1.5x the sum of its API calls' p95s.
 */
import fs from 'node:fs';
import { freePort } from '@tramites/infra';
import { startAppProcess } from '@tramites/testing';
import type { TestSmtpServer } from '@tramites/testing';

/** BENCH_PAGES_APPLICANTS (default: BENCH_CASES) booking journeys through the pages; 0 leaves the phase out. */
export const PAGES_APPLICANTS = Number(process.env.BENCH_PAGES_APPLICANTS ?? process.env.BENCH_CASES ?? 40);
const TARGET_RATIO = 1.5;

interface Sample {
  ms: number;
  calls: Array<{ call: string; ms: number }>;
}

export interface PageFigures {
  n: number;
  p50: number;
  p95: number;
  /** Each API call the page makes: its p95 (ms) over the page's requests. */
  apiCallsP95: Record<string, number>;
  apiP95Sum: number;
  /** Page p95 / apiP95Sum; null for a page that calls no API (nothing to compare with). */
  ratio: number | null;
  withinTarget: boolean | null;
}

export interface PagesResult {
  applicants: number;
  completed: number;
  concurrency: number;
  seconds: number;
  pageViews: number;
  pages: Record<string, PageFigures>;
  /** CPU milliseconds per page view: the web process's, and the API's beside it. */
  cpuMsPerPageView: { web: number; api: number };
  worstRatio: { page: string; ratio: number } | undefined;
  failures: string[];
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
const round = (x: number): number => Math.round(x * 10) / 10;

/** CPU seconds used so far by one process (utime + stime of /proc/<pid>/stat). */
function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ, 100 on Linux
  } catch {
    return 0;
  }
}

/** `api;dur=12.3;desc="GET /cases/{caseId}", …` → the calls. */
export function parseServerTiming(header: string | null): Sample['calls'] {
  if (!header) return [];
  return header
    .split(/,\s*(?=api;)/)
    .map((entry) => ({ ms: Number(/dur=([\d.]+)/.exec(entry)?.[1] ?? NaN), call: /desc="([^"]*)"/.exec(entry)?.[1] ?? '?' }))
    .filter((c) => Number.isFinite(c.ms));
}

/** One person's browser, without the browser: cookies kept, redirects seen, each request timed by its route template. */
class PageClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly webUrl: string,
    private readonly address: string,
    private readonly samples: Map<string, Sample[]>,
  ) {}

  async request(
    method: 'GET' | 'POST',
    path: string,
    template: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string; html: string }> {
    const started = performance.now();
    const res = await fetch(`${this.webUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        // Each applicant from an address of their own (the web trusts its loopback proxy; the API counts per address).
        'X-Forwarded-For': this.address,
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    const html = await res.text();
    const ms = performance.now() - started;
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
    const key = `${method} ${template}`;
    const list = this.samples.get(key) ?? [];
    list.push({ ms, calls: parseServerTiming(res.headers.get('server-timing')) });
    this.samples.set(key, list);
    if (res.status >= 400)
      throw new Error(
        `${key}: ${res.status} ${
          /govuk-error-summary[\s\S]{0,600}/
            .exec(html)?.[0]
            ?.replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ') ?? ''
        }`,
      );
    return { status: res.status, location: res.headers.get('location') ?? '', html };
  }

  /** GET the form's page, then POST it with its CSRF token (and its other hidden fields) and `fields`: where it sends the person next. */
  async form(path: string, fields: Record<string, string> | ((html: string) => Promise<Record<string, string>> | Record<string, string>)): Promise<string> {
    const page = await this.request('GET', path, path.replace(/=[^&]*/g, '')); // a query's names, not its values
    const hidden = Object.fromEntries([...page.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
    const body = { ...hidden, ...(typeof fields === 'function' ? await fields(page.html) : fields) };
    const posted = await this.request('POST', path.split('?')[0]!, path.split('?')[0]!, body);
    if (posted.status !== 303 && posted.status !== 302) throw new Error(`POST ${path}: ${posted.status}, not a redirect`);
    return posted.location;
  }
}

const unescape = (s: string): string =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

/** One applicant's booking of a turno through every page of /turno. */
async function bookThroughThePages(client: PageClient, i: number, smtp: TestSmtpServer): Promise<void> {
  const email = `pages.${i}.${Date.now()}@example.ec`;
  const expect = (at: string, path: string): void => {
    if (new URL(at, 'http://x').pathname !== path) throw new Error(`expected ${path}, sent to ${at}`);
  };
  await client.request('GET', '/turno', '/turno');
  expect(await client.form('/turno/tramite', { procedure: 'FOREIGNER_CODE' }), '/turno/quien');
  expect(await client.form('/turno/quien', { filerRole: 'holder' }), '/turno/provincia');
  expect(await client.form('/turno/provincia', { province: 'PICHINCHA' }), '/turno/contacto');
  const passport = `PB${String(100000 + i)}`;
  expect(await client.form('/turno/contacto', { identityNumber: passport, email, mobile: '0991234567' }), '/turno/titular');
  expect(await client.form('/turno/titular', { fullName: `Lucía Fernanda Rojas ${i}` }), '/turno/nacionalidad');
  expect(await client.form('/turno/nacionalidad', { nationality: 'VEN' }), '/turno/documento');
  expect(await client.form('/turno/documento', { documentType: 'passport', documentNumber: passport }), '/turno/nacimiento');
  expect(await client.form('/turno/nacimiento', { 'birthDate-day': '12', 'birthDate-month': '4', 'birthDate-year': '1990' }), '/turno/revisar');
  const toCode = await client.form('/turno/revisar', (html) => {
    const [a, b] = (/<label[^>]*for="captchaAnswer"[^>]*>([^<]*)</.exec(html)?.[1] ?? '').match(/\d+/g)!.map(Number);
    return { captchaAnswer: String((a ?? 0) + (b ?? 0)) };
  });
  expect(toCode, '/turno/codigo');
  expect(
    await client.form('/turno/codigo', async () => {
      const mail = await smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject), 60_000);
      return { code: /\b(\d{6})\b/.exec(mail.text)![1]! };
    }),
    '/turno/agencia',
  );
  expect(await client.form('/turno/agencia', { agencyId: 'UIO-NORTE' }), '/turno/fecha');
  const days = await client.request('GET', '/turno/fecha', '/turno/fecha');
  const choices = [...days.html.matchAll(/href="\/turno\/fecha\?dia=([\d-]+)"[^>]*>[\s\S]*?<span class="app-days__seats">/g)].map((m) => m[1]!);
  if (!choices.length) throw new Error('no day with seats on /turno/fecha');
  const day = choices[i % choices.length]!;
  const booked = await client.form(`/turno/fecha?dia=${day}`, (html) => {
    const slots = [...html.matchAll(/name="slotId" type="radio" value="([^"]+)"/g)].map((m) => m[1]!);
    if (!slots.length) throw new Error(`no slot on ${day}`);
    return { slotId: slots[i % slots.length]! };
  });
  expect(booked, '/turno/confirmacion');
  await client.request('GET', '/turno/confirmacion', '/turno/confirmacion');
}

/** The phase: start the web, drive the journeys, and the figures of each page. */
export async function pagesUnderLoad(
  ctx: {
    env: Record<string, string>;
    compiled: boolean;
    apiUrl: string;
    smtp: TestSmtpServer;
    concurrency: number;
    log: (line: string) => void;
    extraEnv?: Record<string, string>;
  },
  phase: (work: () => Promise<void>) => Promise<{ seconds: number; cpu: { api: number } }>,
): Promise<PagesResult> {
  const port = await freePort();
  // The applicant's pages only: the officers' sign-in needs a full OpenID provider the bench does not run.
  const { OIDC_ISSUER_URL: _officers, ...env } = ctx.env;
  const web = await startAppProcess(
    'web',
    {
      ...env,
      ...ctx.extraEnv,
      API_BASE_URL: ctx.apiUrl,
      WEB_PORT: String(port),
      WEB_HOST: '127.0.0.1',
      WEB_SECURE_COOKIES: 'false',
      WEB_SERVER_TIMING: '1',
      WEB_SERVER_TIMING_IN_PRODUCTION: 'true',
      NODE_ENV: 'production',
    },
    /Trámites IESS pages at/,
    { compiled: ctx.compiled },
  );
  const samples = new Map<string, Sample[]>();
  const failures: string[] = [];
  let completed = 0;
  let webCpu = 0;
  let run: { seconds: number; cpu: { api: number } };
  try {
    const webUrl = `http://127.0.0.1:${port}`;
    // One journey first, unmeasured: the web's first requests compile its templates.
    await bookThroughThePages(new PageClient(webUrl, '10.77.0.1', new Map()), 0, ctx.smtp).catch((e: unknown) => failures.push(`warm-up: ${String(e)}`));
    const before = processCpuSeconds(web.child.pid);
    let next = 1;
    run = await phase(async () => {
      await Promise.all(
        Array.from({ length: ctx.concurrency }, async () => {
          for (let i = next++; i <= PAGES_APPLICANTS; i = next++) {
            const client = new PageClient(webUrl, `10.77.${Math.floor(i / 250)}.${(i % 250) + 2}`, samples);
            try {
              await bookThroughThePages(client, i, ctx.smtp);
              completed++;
            } catch (e) {
              if (failures.length < 10) failures.push(String(e instanceof Error ? e.message : e).slice(0, 400));
            }
          }
        }),
      );
    });
    webCpu = processCpuSeconds(web.child.pid) - before;
  } finally {
    await web.stop();
  }
  const pages: Record<string, PageFigures> = {};
  let pageViews = 0;
  for (const [page, list] of samples) {
    pageViews += list.length;
    const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
    const byCall = new Map<string, number[]>();
    for (const s of list) for (const c of s.calls) byCall.set(c.call, [...(byCall.get(c.call) ?? []), c.ms]);
    const apiCallsP95 = Object.fromEntries(
      [...byCall].map(([call, ms]) => [
        call,
        round(
          percentile(
            ms.sort((a, b) => a - b),
            95,
          ),
        ),
      ]),
    );
    const apiP95Sum = round(Object.values(apiCallsP95).reduce((a, b) => a + b, 0));
    const p95 = round(percentile(sorted, 95));
    const ratio = apiP95Sum > 0 ? Math.round((p95 / apiP95Sum) * 100) / 100 : null;
    pages[page] = {
      n: list.length,
      p50: round(percentile(sorted, 50)),
      p95,
      apiCallsP95,
      apiP95Sum,
      ratio,
      withinTarget: ratio === null ? null : ratio <= TARGET_RATIO,
    };
  }
  const worst = Object.entries(pages)
    .filter(([, p]) => p.ratio !== null)
    .sort((a, b) => b[1].ratio! - a[1].ratio!)[0];
  return {
    applicants: PAGES_APPLICANTS,
    completed,
    concurrency: ctx.concurrency,
    seconds: run.seconds,
    pageViews,
    pages,
    cpuMsPerPageView: { web: round((webCpu * 1000) / Math.max(1, pageViews)), api: round((run.cpu.api * 1000) / Math.max(1, pageViews)) },
    worstRatio: worst ? { page: worst[0], ratio: worst[1].ratio! } : undefined,
    failures,
  };
}

/** The phase's lines of the bench's summary. */
export function pagesSummary(r: PagesResult, f: (x: number) => string): string[] {
  const lines = [
    `pages        ${r.completed}/${r.applicants} bookings through the web at ${r.concurrency} at once, ${r.pageViews} page views in ${f(r.seconds)} s; CPU per page view: web ${f(r.cpuMsPerPageView.web)} ms, API ${f(r.cpuMsPerPageView.api)} ms`,
    '             page                          n   p50   p95  API p95 sum  ratio (target ≤ 1.5)',
  ];
  for (const [page, p] of Object.entries(r.pages))
    lines.push(
      `             ${page.padEnd(28)} ${String(p.n).padStart(4)} ${f(p.p50).padStart(5)} ${f(p.p95).padStart(5)} ${f(p.apiP95Sum).padStart(12)}  ${p.ratio === null ? '   - (no API call)' : p.ratio.toFixed(2)}${p.withinTarget === false ? ' over' : ''}`,
    );
  for (const failure of r.failures) lines.push(`             failed: ${failure}`);
  return lines;
}
