import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { trustAnchorsFromFile, type TrustAnchors } from '@tramites/signing';
import { DEFAULT_NAMESPACE } from '@tramites/contracts';
import { StartupError, actorAssertionKeyFromEnv, checkDatabaseUrl, parseStartupEnv, payloadKeysFromEnv } from '@tramites/infra';
import { checkCaptchaSettings } from '../credentials/captcha';

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_NAMESPACE),
  DATABASE_URL: z.string({ error: 'DATABASE_URL is required' }).min(1, 'DATABASE_URL is required'),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Time a dependency check of /health may take before it counts as down. */
  HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Secret of the API's own HS256 bearer tokens (applicants' only, never an officer's); required in production. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must have at least 32 characters').optional(),
  /** How long a freed seat is held for the first of the waiting list: the worker's setting, shown to the applicant (ADR 0029). */
  WAITING_LIST_HOLD_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .default(30),
  /**
   * How long the seat a booking holds before its workflow answers stays held (ADR 0035, decision 10): the
   * booking's activity consumes it; a hold whose booking never came (the API stopped, the update failed)
   * stops counting after this. Long enough for a workflow slow to answer in a rush, short enough not to keep a seat.
   */
  SEAT_HOLD_SECONDS: z.coerce.number().int().positive().max(3600).default(120),
  /** Public booking routes: requests per minute per client address. */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /**
   * Express "trust proxy": whose X-Forwarded-For names the client (rate limits, captcha).
   * The web pages forward the applicant's address (ADR 0015): e.g. `loopback`, `10.0.0.5`, `1`.
   */
  TRUST_PROXY: z.string().min(1).optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tramites-cases'),
  /** Captcha of the online procedures (003, 004): `local` (arithmetic, dev and tests) or `siteverify` (reCAPTCHA/hCaptcha/Turnstile protocol). */
  CAPTCHA_PROVIDER: z.enum(['local', 'siteverify']).default('local'),
  CAPTCHA_VERIFY_URL: z.url().optional(),
  CAPTCHA_SECRET: z.string().min(1).optional(),
  /** Production refuses CAPTCHA_PROVIDER=local unless this says `true` (an air-gapped site without a siteverify provider). */
  CAPTCHA_ALLOW_LOCAL_IN_PRODUCTION: z.enum(['true', 'false'], { error: 'CAPTCHA_ALLOW_LOCAL_IN_PRODUCTION must be true or false' }).default('false'),
  /** Minutes a case token handed out after the captcha stays valid. */
  CASE_TOKEN_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /** argon2id cost of passwords and personal answers (OWASP minimum: 19 MiB, 2 passes). */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8192).default(19456),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).default(2),
  /** Life of the emailed single-use password link (003, 004: "su duración es de 15 minutos"). */
  PORTAL_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(900),
  /** Keys of the Temporal payload codec (ADR 0014): `id:base64key,...`, newest first; required in production. */
  TEMPORAL_PAYLOAD_KEYS: z.string().min(1).optional(),
  /** The key new payloads are encrypted under; default the first of TEMPORAL_PAYLOAD_KEYS. */
  TEMPORAL_PAYLOAD_KEY_ID: z.string().min(1).optional(),
  /** Key the API signs the actor of every update with; the worker verifies it (ADR 0014); required in production. */
  TEMPORAL_ACTOR_ASSERTION_KEY: z.string().min(32, 'TEMPORAL_ACTOR_ASSERTION_KEY must have at least 32 characters').optional(),
  /** Origins of the Temporal Web UI allowed to call the codec routes (CORS), comma-separated. */
  CODEC_ALLOWED_ORIGINS: z.string().default('http://localhost:8233,http://127.0.0.1:8233'),
  /** Officers' OpenID Connect provider (ADR 0021): its access tokens are accepted, validated by its JWKS. */
  OIDC_ISSUER_URL: z.url().optional(),
  /** The `aud` the provider's access tokens carry for this API. */
  OIDC_AUDIENCE: z.string().min(1).default('tramites-api'),
  /**
   * `acr` values the provider issues only for a fresh second factor (step-up), comma-separated:
   * a token with one of them, issued within the last 5 minutes, counts as a recent authentication
   * (auth/step-up.ts). Unset: only `auth_time` within 5 minutes does.
   */
  OIDC_STEP_UP_ACR: z.string().default(''),
  /** Shared with the web pages: the key of the internal session store and officers' access log routes (ADR 0021). */
  WEB_SESSION_STORE_KEY: z.string().min(32, 'WEB_SESSION_STORE_KEY must have at least 32 characters').optional(),
  /**
   * PEM file of the certification authorities whose electronic signatures are accepted (004, Ventanilla Virtual):
   * the API judges a signed document when it is uploaded, the worker again at submission (the same file for both).
   * Unset: uploads are judged by content only. Production refuses npm start's development authority (ADR 0033).
   */
  SIGNATURE_TRUST_ANCHORS: z.string().min(1).optional(),
  /** The embedded provider's officers can be edited by the administrator (npm start sets it when it runs that provider). */
  OIDC_EMBEDDED_PROVIDER: z.enum(['true', 'false']).default('false'),
});

export type ApiConfigValues = z.infer<typeof schema>;

/** Injection token and value class of the validated API configuration. */
export class ApiConfig {
  constructor(
    readonly values: ApiConfigValues,
    /** The authorities of SIGNATURE_TRUST_ANCHORS, read once at start-up; undefined when unset. */
    readonly trustAnchors?: TrustAnchors,
  ) {}

  /** The token secret; a fixed development value outside production. */
  get codecAllowedOrigins(): string[] {
    return this.values.CODEC_ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean);
  }

  /** The provider's `acr` values of a fresh step-up (OIDC_STEP_UP_ACR). */
  get stepUpAcr(): string[] {
    return this.values.OIDC_STEP_UP_ACR.split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  }

  get jwtSecret(): string {
    return this.values.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  }
}

export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-0123456789abcdef';

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const values = parseStartupEnv(schema, env);
  checkDatabaseUrl(values.DATABASE_URL);
  checkCaptchaSettings(values);
  if (values.NODE_ENV === 'production' && !values.JWT_SECRET) {
    throw new StartupError('JWT_SECRET must be set in production (at least 32 random characters)');
  }
  payloadKeysFromEnv(values); // a bad or missing key stops start-up here, with one line
  actorAssertionKeyFromEnv(values);
  return new ApiConfig(values, trustAnchorsOf(values));
}

function trustAnchorsOf(values: ApiConfigValues): TrustAnchors | undefined {
  if (!values.SIGNATURE_TRUST_ANCHORS) return undefined;
  try {
    return trustAnchorsFromFile(path.resolve(values.SIGNATURE_TRUST_ANCHORS), (f) => fs.readFileSync(f, 'utf8'), values.NODE_ENV === 'production');
  } catch (err) {
    throw new StartupError(`SIGNATURE_TRUST_ANCHORS: ${(err as Error).message}`);
  }
}
