import { z } from 'zod';

const schema = z.object({
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  WEB_HOST: z.string().default('0.0.0.0'),
  /** Where the API answers (the pages hold no database access: every rule is the API's). */
  API_BASE_URL: z.string().url().default('http://localhost:3000'),
  /** Secure cookies and HSTS: on behind HTTPS (production). */
  WEB_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  WEB_SESSION_MINUTES: z.coerce.number().int().positive().default(60),
  /** Express "trust proxy" of the web pages (a TLS proxy in front of them): whose X-Forwarded-For to believe. */
  WEB_TRUST_PROXY: z.string().min(1).default('loopback'),
  NODE_ENV: z.string().optional(),
});

export interface WebConfig {
  port: number;
  host: string;
  apiBaseUrl: string;
  secureCookies: boolean;
  sessionMinutes: number;
  trustProxy: string;
}

/** The web app's settings from the environment; a bad value stops start-up with one line. */
export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`web: bad setting ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  const v = parsed.data;
  return {
    port: v.WEB_PORT,
    host: v.WEB_HOST,
    apiBaseUrl: v.API_BASE_URL.replace(/\/$/, ''),
    secureCookies: v.WEB_SECURE_COOKIES ? v.WEB_SECURE_COOKIES === 'true' : v.NODE_ENV === 'production',
    sessionMinutes: v.WEB_SESSION_MINUTES,
    trustProxy: v.WEB_TRUST_PROXY,
  };
}
