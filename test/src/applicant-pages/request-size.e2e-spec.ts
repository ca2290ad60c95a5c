import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_UPLOAD_BYTES, VIRTUAL_UPLOAD_KINDS } from '@tramites/domain';
import { expectNoAxeViolations, launchChromium } from '@tramites/testing/web';
import { createWebApp, loadWebConfig } from '@tramites/web';
import { LANGUAGE_COOKIE } from '@tramites/web/src/i18n';
import { requestLimitBytes } from '@tramites/web/src/shared/multipart';

interface Answer {
  status: number;
  body: string;
  /** Bytes of the body written before the answer came. */
  sent: number;
}

/**
 * A multipart POST whose body is never finished unless the server reads it: the headers (a declared
 * length, or chunked) and then up to `bodyBytes` in 64 KB chunks, stopping as soon as the answer comes.
 */
function post(url: string, route: string, opts: { declared?: number; bodyBytes: number; cookie?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'multipart/form-data; boundary=xyz', ...(opts.cookie ? { cookie: opts.cookie } : {}) };
    if (opts.declared !== undefined) headers['content-length'] = opts.declared;
    const req = http.request(`${url}${route}`, { method: 'POST', headers });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const write = (): void => {
      if (answered) return;
      if (sent >= opts.bodyBytes) return void req.end();
      sent += chunk.length;
      if (req.write(chunk)) setImmediate(write);
      else req.once('drain', write);
    };
    write();
  });
}

describe('multipart forms: a total request cap before the CSRF check', () => {
  let web: NestExpressApplication;
  let url: string;
  const limit = requestLimitBytes(VIRTUAL_UPLOAD_KINDS.length, 10);

  beforeAll(async () => {
    web = await createWebApp({ ...loadWebConfig({ NODE_ENV: 'test' }), port: 0, host: '127.0.0.1', apiBaseUrl: 'http://127.0.0.1:9', secureCookies: false });
    await web.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(web.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => web?.close());

  it('is the sum of the form’s file and field limits plus a margin: one file a little over 1 MB still reaches the form', () => {
    expect(limit).toBe(VIRTUAL_UPLOAD_KINDS.length * MAX_UPLOAD_BYTES + 10 * 4096 + MAX_UPLOAD_BYTES);
  });

  it('answers 413 naming the limit when the declared length is over it, before reading the body', async () => {
    const answer = await post(url, '/clave-empleador/documentos', { declared: 64 * MAX_UPLOAD_BYTES, bodyBytes: 64 * MAX_UPLOAD_BYTES });
    expect(answer.status).toBe(413);
    const mb = new Intl.NumberFormat('es-EC', { maximumFractionDigits: 1 }).format(limit / MAX_UPLOAD_BYTES);
    expect(answer.body).toContain('El envío es demasiado grande');
    expect(answer.body).toContain(`como máximo ${mb} MB en total`);
    expect(answer.sent).toBeLessThan(limit);
  });

  it('answers in English when the applicant chose English', async () => {
    const answer = await post(url, '/clave-empleador/documentos', { declared: limit + 1, bodyBytes: limit + 1, cookie: `${LANGUAGE_COOKIE}=en` });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('What you sent is too large');
    expect(answer.body).toMatch(/at most [\d.]+ MB in total/);
  });

  it('stops a body without a declared length once it passes the limit', async () => {
    const answer = await post(url, '/clave-empleador/documentos', { bodyBytes: 64 * MAX_UPLOAD_BYTES });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('El envío es demasiado grande');
    expect(answer.sent).toBeLessThan(limit + 4 * MAX_UPLOAD_BYTES);
  });

  it('lets a request within the limit go on to the CSRF check (refused there, not by size)', async () => {
    const answer = await post(url, '/clave-empleador/documentos', { declared: 64 * 1024, bodyBytes: 64 * 1024 });
    expect(answer.status).not.toBe(413);
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });

  it('shows Chromium the 413 page when a form carries twice its limit (the answer comes before the upload ends), without axe violations', async () => {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: 'es-EC' })).newPage();
      await page.goto(`${url}/`);
      await page.setContent(
        `<form method="post" enctype="multipart/form-data" action="${url}/clave-empleador/documentos"><input type="file" name="ruc"><button>Enviar</button></form>`,
      );
      // A file on disk (a buffer of this size is slow through the browser's protocol), twice the form's limit.
      const scan = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-request-size-')), 'escaneo.pdf');
      fs.writeFileSync(scan, Buffer.alloc(2 * limit, 0x61));
      await page.setInputFiles('input[type=file]', scan);
      await Promise.all([page.waitForNavigation(), page.click('button')]);
      expect(await page.locator('h1').innerText()).toBe('El envío es demasiado grande');
      expect(await page.locator('main').innerText()).toMatch(/como máximo [\d,]+ MB en total/);
      await expectNoAxeViolations(page);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('caps the officers’ deed form by its own limits, in Spanish', async () => {
    const deedLimit = requestLimitBytes(1, 400);
    const deedForm = '/oficina/escritorio/tramites/0b6c7e8a-1f2d-4c3b-9a8e-7d6c5b4a3f21/ventanilla';
    const answer = await post(url, deedForm, { declared: deedLimit + 1, bodyBytes: deedLimit + 1, cookie: `${LANGUAGE_COOKIE}=en` });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('El envío es demasiado grande');
  });
});
