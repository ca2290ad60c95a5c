import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { OFFICER_ROLES, type Principal, type Role } from './principal';

/**
 * The officer's principal from the provider's claims: `role`, `agency_id`, `province` (ADR 0021), `name`,
 * and what step-up checks read: `auth_time`, `acr`, `amr`. Never `applicant`: applicants get
 * the API's own tokens.
 */
export function principalFromOidcClaims(payload: JWTPayload): Principal | undefined {
  const role = payload['role'];
  if (typeof payload.sub !== 'string' || !OFFICER_ROLES.includes(role as Role)) return undefined;
  const agencyId = typeof payload['agency_id'] === 'string' && payload['agency_id'] ? payload['agency_id'] : undefined;
  const province = typeof payload['province'] === 'string' && payload['province'] ? payload['province'] : undefined;
  if (role === 'case_manager' && !agencyId) return undefined;
  if (role === 'legal_unit' && !province) return undefined;
  if (role === 'supervisor' && !agencyId) return undefined;
  const name = typeof payload['name'] === 'string' && payload['name'].trim() ? payload['name'].trim().slice(0, 200) : undefined;
  const authTime = typeof payload['auth_time'] === 'number' && Number.isFinite(payload['auth_time']) ? payload['auth_time'] : undefined;
  const issuedAt = typeof payload.iat === 'number' && Number.isFinite(payload.iat) ? payload.iat : undefined;
  const acr = typeof payload['acr'] === 'string' && payload['acr'] ? payload['acr'] : undefined;
  const amr = Array.isArray(payload['amr']) ? payload['amr'].filter((m): m is string => typeof m === 'string') : undefined;
  return {
    sub: payload.sub,
    role: role as Role,
    ...(agencyId ? { agencyId } : {}),
    ...(province ? { province } : {}),
    ...(name ? { name } : {}),
    ...(authTime !== undefined ? { authTime } : {}),
    ...(issuedAt !== undefined ? { issuedAt } : {}),
    ...(acr ? { acr } : {}),
    ...(amr?.length ? { amr } : {}),
  };
}

/**
 * Access tokens of the officers' OpenID Connect provider (OIDC_ISSUER_URL): a JWT signed by a
 * key of the provider's published JWKS (fetched from its discovery document, cached and
 * refreshed by `jose` when an unknown `kid` appears), for this API's audience, not expired.
 */
export class OidcTokenVerifier {
  private jwks?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  constructor(
    private readonly issuer: string | undefined,
    private readonly audience: string,
  ) {}

  get enabled(): boolean {
    return Boolean(this.issuer);
  }

  private keys(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.jwks ??= (async () => {
      const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
      const doc = (await res.json()) as { jwks_uri?: string; issuer?: string };
      if (!doc.jwks_uri) throw new Error('OIDC discovery has no jwks_uri');
      return createRemoteJWKSet(new URL(doc.jwks_uri));
    })().catch((err: unknown) => {
      this.jwks = undefined; // tried again at the next token
      throw err;
    });
    return this.jwks;
  }

  /** The principal of a valid provider token and the token's `exp`, or undefined. */
  async verified(token: string): Promise<{ principal: Principal; expiresAt: number | undefined } | undefined> {
    if (!this.issuer) return undefined;
    try {
      const { payload } = await jwtVerify(token, await this.keys(this.issuer), { issuer: this.issuer, audience: this.audience });
      const principal = principalFromOidcClaims(payload);
      return principal ? { principal, expiresAt: payload.exp } : undefined;
    } catch {
      return undefined;
    }
  }
}
