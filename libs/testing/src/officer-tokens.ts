import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, SignJWT, type JWK } from 'jose';
import { generateOidcSigningJwk } from '@tramites/devenv';

/** An officer as the identity provider describes them (ADR 0021). */
export interface TestOfficer {
  sub: string;
  role: 'case_manager' | 'legal_unit' | 'auditor' | 'admin' | 'supervisor';
  /** The provider's `name` claim (the officers' directory keeps it). */
  name?: string;
  agencyId?: string;
  province?: string;
}

/** How the officer signed in: by default a moment ago with a password, as at the embedded provider. */
export interface OfficerSignIn {
  /** `auth_time` (epoch seconds); default now; null: a token without it. */
  authTime?: number | null;
  acr?: string;
  amr?: string[];
  /** Seconds the token lives; default the provider's hour. */
  lifetimeSeconds?: number;
}

/** The audience and client of the embedded provider's access tokens (npm start, the suites' web pages). */
export const TEST_OIDC_AUDIENCE = 'tramites-api';
const TEST_OIDC_CLIENT_ID = 'tramites-web';

/**
 * Access tokens shaped as the embedded OpenID provider issues them (libs/devenv/src/embedded-oidc-provider.ts:
 * RS256 with its signing key, `typ: at+jwt`, `role`, `agency_id`, `province`, `auth_time`,
 * `client_id`, `scope`, `aud`, one hour), signed with that provider's key: the only way an
 * officer reaches the API, in the suites and the bench as in production (ADR 0021).
 */
export class OfficerTokenSigner {
  private readonly key: ReturnType<typeof importJWK>;
  private readonly kid: string | undefined;

  constructor(
    readonly issuer: string,
    signingJwk: string,
    private readonly audience = TEST_OIDC_AUDIENCE,
  ) {
    const jwk = JSON.parse(signingJwk) as JWK;
    this.kid = jwk.kid;
    this.key = importJWK(jwk, 'RS256');
  }

  async sign(officer: TestOfficer, signIn: OfficerSignIn = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      role: officer.role,
      ...(officer.name ? { name: officer.name } : {}),
      ...(officer.agencyId ? { agency_id: officer.agencyId } : {}),
      ...(officer.province ? { province: officer.province } : {}),
      ...(signIn.authTime === null ? {} : { auth_time: signIn.authTime ?? now }),
      ...(signIn.acr ? { acr: signIn.acr } : {}),
      ...(signIn.amr ? { amr: signIn.amr } : {}),
      client_id: TEST_OIDC_CLIENT_ID,
      scope: 'openid profile tramites',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...(this.kid ? { kid: this.kid } : {}) })
      .setSubject(officer.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + (signIn.lifetimeSeconds ?? 3600))
      .sign(await this.key);
  }
}

export interface RunningOfficerIssuer {
  issuer: string;
  /** The provider's RS256 private key (JWK JSON). */
  signingJwk: string;
  signer: OfficerTokenSigner;
  close(): Promise<void>;
}

/**
 * The embedded provider's key material as an issuer the API can trust (OIDC_ISSUER_URL): its
 * discovery document and its JWKS (the public half of `signingJwk`) on a loopback port, in
 * process. Suites without officers' pages use it instead of starting the provider's process
 * (oidc-provider does not load inside Jest); the tokens are signed as the provider signs them.
 */
export async function startTestOfficerIssuer(signingJwk: string = generateOidcSigningJwk()): Promise<RunningOfficerIssuer> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = JSON.parse(signingJwk) as Record<string, unknown>;
  let issuer = '';
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body =
      path === '/.well-known/openid-configuration'
        ? { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] }
        : path === '/jwks'
          ? { keys: [publicJwk] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    signingJwk,
    signer: new OfficerTokenSigner(issuer, signingJwk),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the API's keep-alive connections to the JWKS
      }),
  };
}
