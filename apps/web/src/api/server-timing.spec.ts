import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadWebConfig } from '../config';
import { createWebApp } from '../web.factory';
import { serverTimingValue } from './server-timing';

/**
 * WEB_SERVER_TIMING=1 (the bench, ADR 0035): each page answers a Server-Timing header with its API calls by route
 * template. Here the API is a server that knows no agency (404 with the API's error body), so the agency's
 * transparency page makes one call and answers its own 404 page.
 */
describe('the pages’ Server-Timing header (WEB_SERVER_TIMING)', () => {
  let api: http.Server;
  const seen: string[] = [];

  beforeAll(async () => {
    api = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'AGENCY.NOT_FOUND', message: 'No existe esa agencia.' } }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => api.close(resolve));
  });

  async function pageWith(env: Record<string, string>): Promise<{ web: NestExpressApplication; url: string }> {
    const apiBaseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const web = await createWebApp({ ...loadWebConfig({ NODE_ENV: 'test', ...env }), port: 0, host: '127.0.0.1', apiBaseUrl, secureCookies: false });
    await web.listen(0, '127.0.0.1');
    return { web, url: `http://127.0.0.1:${(web.getHttpServer().address() as AddressInfo).port}` };
  }

  it('lists the page’s API calls by route template, without the ids, when on', async () => {
    const { web, url } = await pageWith({ WEB_SERVER_TIMING: '1' });
    try {
      const res = await fetch(`${url}/agencias/UIO-NORTE`);
      expect(res.status).toBe(404);
      expect(seen).toContain('GET /public/agencies/UIO-NORTE');
      const header = res.headers.get('server-timing') ?? '';
      expect(header).toMatch(/^api;dur=\d+\.\d;desc="GET \/public\/agencies\/\{agencyId\}"$/);
      expect(header).not.toContain('UIO-NORTE');
    } finally {
      await web.close();
    }
  });

  it('is refused in production unless the run says it is a measurement', () => {
    const production = { NODE_ENV: 'production', WEB_SESSION_STORE_KEY: 'k'.repeat(32), WEB_SERVER_TIMING: '1' };
    expect(() => loadWebConfig(production)).toThrow(/WEB_SERVER_TIMING: 1 in production only with WEB_SERVER_TIMING_IN_PRODUCTION=true/);
    expect(loadWebConfig({ ...production, WEB_SERVER_TIMING_IN_PRODUCTION: 'true' }).serverTiming).toBe(true);
  });

  it('answers no such header when off (the default)', async () => {
    const { web, url } = await pageWith({});
    try {
      const res = await fetch(`${url}/agencias/UIO-NORTE`);
      expect(res.status).toBe(404);
      expect(res.headers.has('server-timing')).toBe(false);
    } finally {
      await web.close();
    }
  });

  it('writes one entry per call, in order, with quotes taken out of the description', () => {
    expect(
      serverTimingValue([
        { call: 'GET /captcha', ms: 1.234 },
        { call: 'POST /a"b', ms: 20 },
      ]),
    ).toBe('api;dur=1.2;desc="GET /captcha", api;dur=20.0;desc="POST /ab"');
  });
});
