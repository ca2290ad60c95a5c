import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { StartupError } from '@tramites/infra';
import type { CredentialsRepository } from '@tramites/persistence';

/**
 * 003, VIRTUAL 3-4: "dé clic en el casillero 'No soy un robot'. Verifique su CAPTCHA".
 * The API asks a verifier; which one is configuration (CAPTCHA_PROVIDER).
 */
export interface CaptchaVerifier {
  /** True when the token proves a human solved the captcha (each token counts once). */
  verify(token: string, remoteIp?: string): Promise<boolean>;
}

export const CAPTCHA_VERIFIER = Symbol('CAPTCHA_VERIFIER');

/**
 * The captcha settings the API starts with, or one line saying what to fix: siteverify needs its URL and
 * secret; production refuses the arithmetic question (`local`, the default) unless
 * CAPTCHA_ALLOW_LOCAL_IN_PRODUCTION=true says this site has no siteverify provider (air-gapped).
 */
export function checkCaptchaSettings(values: {
  NODE_ENV: string;
  CAPTCHA_PROVIDER: 'local' | 'siteverify';
  CAPTCHA_VERIFY_URL?: string | undefined;
  CAPTCHA_SECRET?: string | undefined;
  CAPTCHA_ALLOW_LOCAL_IN_PRODUCTION: 'true' | 'false';
}): void {
  if (values.CAPTCHA_PROVIDER === 'siteverify' && (!values.CAPTCHA_VERIFY_URL || !values.CAPTCHA_SECRET)) {
    throw new StartupError('CAPTCHA_PROVIDER=siteverify needs CAPTCHA_VERIFY_URL and CAPTCHA_SECRET');
  }
  if (values.NODE_ENV === 'production' && values.CAPTCHA_PROVIDER === 'local' && values.CAPTCHA_ALLOW_LOCAL_IN_PRODUCTION !== 'true') {
    throw new StartupError(
      'CAPTCHA_PROVIDER must be siteverify in production (with CAPTCHA_VERIFY_URL and CAPTCHA_SECRET); CAPTCHA_ALLOW_LOCAL_IN_PRODUCTION=true keeps the arithmetic captcha on an air-gapped site',
    );
  }
}

export interface LocalCaptchaChallenge {
  captchaId: string;
  question: string;
  expiresAt: string;
}

const LOCAL_TTL_MS = 10 * 60_000;

/**
 * A self-contained arithmetic captcha for development, tests and air-gapped sites:
 * the id carries a nonce, its expiry and a MAC; the answer derives from the nonce, so
 * nothing is stored until it is used, and a used id is refused (table captcha_uses).
 * Token format: `<captchaId>:<answer>`.
 */
export class LocalCaptcha implements CaptchaVerifier {
  constructor(
    private readonly secret: string,
    private readonly uses: Pick<CredentialsRepository, 'useCaptcha'>,
    private readonly now: () => number = Date.now,
  ) {}

  private mac(text: string): Buffer {
    return createHmac('sha256', `captcha:${this.secret}`).update(text).digest();
  }

  private operands(nonce: string): [number, number] {
    const m = this.mac(`operands:${nonce}`);
    return [1 + ((m[0] ?? 0) % 9), 1 + ((m[1] ?? 0) % 9)];
  }

  issue(): LocalCaptchaChallenge {
    const nonce = randomBytes(12).toString('base64url');
    const expires = this.now() + LOCAL_TTL_MS;
    const body = `${nonce}.${expires}`;
    const [a, b] = this.operands(nonce);
    return { captchaId: `${body}.${this.mac(body).toString('base64url')}`, question: `¿Cuánto es ${a} + ${b}?`, expiresAt: new Date(expires).toISOString() };
  }

  /** The answer a person would type (tests and the development console use it). */
  answerOf(captchaId: string): string {
    const [a, b] = this.operands(captchaId.split('.')[0] ?? '');
    return String(a + b);
  }

  async verify(token: string): Promise<boolean> {
    const [captchaId = '', answer = ''] = token.split(':');
    const [nonce, expires, mac] = captchaId.split('.');
    if (!nonce || !expires || !mac) return false;
    const expected = this.mac(`${nonce}.${expires}`);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    if (Number(expires) < this.now()) return false;
    if (answer.trim() !== this.answerOf(captchaId)) return false;
    return this.uses.useCaptcha(nonce);
  }
}

/** Production: any provider speaking the siteverify protocol (reCAPTCHA, hCaptcha, Turnstile). */
export class SiteverifyCaptcha implements CaptchaVerifier {
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async verify(token: string, remoteIp?: string): Promise<boolean> {
    if (!token) return false;
    const form = new URLSearchParams({ secret: this.secret, response: token, ...(remoteIp ? { remoteip: remoteIp } : {}) });
    try {
      const res = await fetch(this.url, { method: 'POST', body: form, signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) return false;
      const body = (await res.json()) as { success?: unknown };
      return body.success === true;
    } catch {
      return false;
    }
  }
}
