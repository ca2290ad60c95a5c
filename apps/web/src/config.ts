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
  /** Key of the API's session store (ADR 0021): sessions shared by every web instance and kept across restarts. */
  WEB_SESSION_STORE_KEY: z.string().min(32, 'WEB_SESSION_STORE_KEY must have at least 32 characters').optional(),
  /** The officers' OpenID Connect provider (ADR 0021); unset: the officers' pages are off (npm start runs an embedded one). */
  OIDC_ISSUER_URL: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('tramites-web'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().min(1).default('openid profile tramites'),
  /** RFC 8707 resource indicator sent with the authorization request (for providers that need it). */
  OIDC_RESOURCE: z.string().min(1).optional(),
  /** The address browsers reach these pages at (the redirect URI is WEB_PUBLIC_URL/oficina/callback). */
  WEB_PUBLIC_URL: z.string().url().optional(),
  OFFICER_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  OFFICER_SESSION_HOURS: z.coerce.number().int().positive().max(24).default(10),
  /** Origins of the Temporal Web UI allowed to call the codec through the officers' pages (CORS with credentials). */
  CODEC_ALLOWED_ORIGINS: z.string().default('http://localhost:8233,http://127.0.0.1:8233'),
  /** 1: each page answers a Server-Timing header listing its API calls (route templates and times; the bench, ADR 0035). Off by default. */
  WEB_SERVER_TIMING: z.enum(['0', '1']).default('0'),
  WEB_SERVER_TIMING_IN_PRODUCTION: z.enum(['true', 'false']).default('false'),
});

/** The officers' sign-in (ADR 0021). */
export interface OfficerAuthConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret?: string;
  scopes: string;
  resource?: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export interface WebConfig {
  port: number;
  host: string;
  apiBaseUrl: string;
  secureCookies: boolean;
  sessionMinutes: number;
  trustProxy: string;
  /** Key of the API's session store; unset: sessions in this process's memory (development only). */
  sessionStoreKey?: string;
  officerAuth?: OfficerAuthConfig;
  officerIdleMinutes?: number;
  officerSessionHours?: number;
  codecAllowedOrigins?: string[];
  /** Each page answers Server-Timing with its API calls (WEB_SERVER_TIMING=1; off in production). */
  serverTiming?: boolean;
}

/** The web app's settings from the environment; a bad value stops start-up with one line. */
export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`web: bad setting ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  const v = parsed.data;
  if (v.NODE_ENV === 'production' && !v.WEB_SESSION_STORE_KEY)
    throw new Error('web: bad setting WEB_SESSION_STORE_KEY: required in production (sessions shared by every web instance)');
  // The header names the API's routes and their times to every visitor: a measurement's setting (the bench), never a public site's.
  if (v.NODE_ENV === 'production' && v.WEB_SERVER_TIMING === '1' && v.WEB_SERVER_TIMING_IN_PRODUCTION !== 'true')
    throw new Error('web: bad setting WEB_SERVER_TIMING: 1 in production only with WEB_SERVER_TIMING_IN_PRODUCTION=true (a measured run, never a public site)');
  if (v.OIDC_ISSUER_URL && !v.WEB_SESSION_STORE_KEY)
    throw new Error("web: bad setting WEB_SESSION_STORE_KEY: required with OIDC_ISSUER_URL (the officers' access log is kept by the API)");
  return {
    port: v.WEB_PORT,
    host: v.WEB_HOST,
    apiBaseUrl: v.API_BASE_URL.replace(/\/$/, ''),
    secureCookies: v.WEB_SECURE_COOKIES ? v.WEB_SECURE_COOKIES === 'true' : v.NODE_ENV === 'production',
    sessionMinutes: v.WEB_SESSION_MINUTES,
    trustProxy: v.WEB_TRUST_PROXY,
    ...(v.WEB_SESSION_STORE_KEY ? { sessionStoreKey: v.WEB_SESSION_STORE_KEY } : {}),
    ...(v.OIDC_ISSUER_URL ? { officerAuth: officerAuthOf(v, v.OIDC_ISSUER_URL) } : {}),
    officerIdleMinutes: v.OFFICER_IDLE_MINUTES,
    officerSessionHours: v.OFFICER_SESSION_HOURS,
    serverTiming: v.WEB_SERVER_TIMING === '1',
    codecAllowedOrigins: v.CODEC_ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  };
}

function officerAuthOf(v: z.infer<typeof schema>, issuer: string): OfficerAuthConfig {
  const base = (v.WEB_PUBLIC_URL ?? `http://localhost:${v.WEB_PORT}`).replace(/\/$/, '');
  return {
    issuerUrl: issuer.replace(/\/$/, ''),
    clientId: v.OIDC_CLIENT_ID,
    ...(v.OIDC_CLIENT_SECRET ? { clientSecret: v.OIDC_CLIENT_SECRET } : {}),
    scopes: v.OIDC_SCOPES,
    ...(v.OIDC_RESOURCE ? { resource: v.OIDC_RESOURCE } : {}),
    redirectUri: `${base}/oficina/callback`,
    postLogoutRedirectUri: `${base}/oficina/salida`,
  };
}
