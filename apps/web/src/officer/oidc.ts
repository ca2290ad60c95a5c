import { generators, Issuer, type BaseClient, type IdTokenClaims } from 'openid-client';
import type { OfficerAuthConfig } from '../config';
import { OFFICER_ROLES, type Officer, type OfficerRole, type PendingSignIn } from './officer-session';

/** The officer of the ID token's claims, or why there is none (in Spanish, for the page and the log). */
export function officerFromClaims(c: IdTokenClaims): Officer | { refused: string } {
  const role = c['role'];
  if (!OFFICER_ROLES.includes(role as OfficerRole)) return { refused: 'Su cuenta no tiene un rol de funcionario (role) en el proveedor de identidad.' };
  const agencyId = typeof c['agency_id'] === 'string' && c['agency_id'] ? c['agency_id'] : undefined;
  const province = typeof c['province'] === 'string' && c['province'] ? c['province'] : undefined;
  if (role === 'case_manager' && !agencyId) return { refused: 'Su cuenta de gestor no tiene agencia (agency_id) en el proveedor de identidad.' };
  if (role === 'legal_unit' && !province) return { refused: 'Su cuenta de Asesoría Jurídica no tiene provincia (province) en el proveedor de identidad.' };
  if (role === 'supervisor' && !agencyId) return { refused: 'Su cuenta de supervisor no tiene agencia (agency_id) en el proveedor de identidad.' };
  const name = typeof c['name'] === 'string' && c['name'] ? c['name'] : c.sub;
  return { sub: c.sub, name, role: role as OfficerRole, ...(agencyId ? { agencyId } : {}), ...(province ? { province } : {}) };
}

export interface SignedIn {
  claims: IdTokenClaims;
  accessToken: string;
  accessTokenExpiresAt: number;
  idToken: string;
  /** The provider's refresh token, when it gives one: the access token is renewed with it within the session's absolute life. */
  refreshToken?: string;
}

/** A renewed access token (the refresh token rotated when the provider rotates it). */
export interface Refreshed {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
}

const expiresAtMs = (expiresAt: number | undefined): number => (expiresAt ?? Math.floor(Date.now() / 1000) + 300) * 1000;

/**
 * The officers' OpenID Connect relying party (`openid-client` 5, CommonJS, Node 20):
 * authorization code with PKCE (S256), state and nonce, `prompt=login` + `max_age=0` for a
 * re-authentication, RP-initiated logout. The provider is discovered at the first sign-in (and
 * again after a failure), so the web pages start even while it is down.
 */
export class OfficerOidc {
  private client?: Promise<BaseClient>;

  constructor(private readonly config: OfficerAuthConfig) {}

  private async discovered(): Promise<BaseClient> {
    this.client ??= Issuer.discover(this.config.issuerUrl)
      .then(
        (issuer) =>
          new issuer.Client({
            client_id: this.config.clientId,
            ...(this.config.clientSecret ? { client_secret: this.config.clientSecret } : { token_endpoint_auth_method: 'none' }),
            redirect_uris: [this.config.redirectUri],
            post_logout_redirect_uris: [this.config.postLogoutRedirectUri],
            response_types: ['code'],
          }),
      )
      .catch((err: unknown) => {
        this.client = undefined;
        throw err;
      });
    return this.client;
  }

  /** The provider's authorization URL and what the callback must check. */
  async start(returnTo: string, reauth: boolean, forceLogin = false): Promise<{ url: string; pending: PendingSignIn }> {
    const client = await this.discovered();
    const pending: PendingSignIn = {
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      returnTo,
      ...(reauth ? { reauthAskedAt: Date.now() } : {}),
    };
    const url = client.authorizationUrl({
      scope: this.config.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: generators.codeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      ...(this.config.resource ? { resource: this.config.resource } : {}),
      // A re-authentication, or the sign-in after a session lapsed by inactivity: the password again, whatever the provider remembers.
      ...(reauth || forceLogin ? { prompt: 'login', max_age: 0 } : {}),
    });
    return { url, pending };
  }

  /** Exchanges the code (checking state, nonce, PKCE and, for a re-authentication, auth_time). */
  async finish(callbackUrl: string, pending: PendingSignIn): Promise<SignedIn> {
    const client = await this.discovered();
    const params = client.callbackParams(callbackUrl);
    const tokens = await client.callback(this.config.redirectUri, params, { state: pending.state, nonce: pending.nonce, code_verifier: pending.codeVerifier });
    if (!tokens.access_token || !tokens.id_token) throw new Error('the provider answered no access token or ID token');
    const claims = tokens.claims();
    if (pending.reauthAskedAt !== undefined && (!claims.auth_time || claims.auth_time * 1000 < pending.reauthAskedAt - 5_000)) {
      throw new Error('the provider did not ask for the password again (auth_time is older than the request)');
    }
    return {
      claims,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: expiresAtMs(tokens.expires_at),
      idToken: tokens.id_token,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    };
  }

  /**
   * A new access token for the same sign-in (grant refresh_token): the officer's session keeps
   * working past the access token's life, up to its absolute life. Throws when the provider
   * refuses (the refresh token expired or was revoked, the officer's provider session ended).
   */
  async refresh(refreshToken: string): Promise<Refreshed> {
    const client = await this.discovered();
    const tokens = await client.refresh(refreshToken, this.config.resource ? { exchangeBody: { resource: this.config.resource } } : undefined);
    if (!tokens.access_token) throw new Error('the provider answered no access token');
    return {
      accessToken: tokens.access_token,
      accessTokenExpiresAt: expiresAtMs(tokens.expires_at),
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
    };
  }

  /** Revokes a refresh token at the provider (best effort: it expires anyway). */
  async revoke(refreshToken: string): Promise<void> {
    try {
      const client = await this.discovered();
      if (client.issuer.metadata.revocation_endpoint) await client.revoke(refreshToken, 'refresh_token');
    } catch {
      // Not revoked: it dies with its own life, and the web no longer holds it.
    }
  }

  /** The provider's end-session URL (RP-initiated logout), or undefined when it has none; `state` comes back to the post-logout page. */
  async endSessionUrl(idToken: string | undefined, state?: string): Promise<string | undefined> {
    try {
      const client = await this.discovered();
      if (!client.issuer.metadata.end_session_endpoint) return undefined;
      return client.endSessionUrl({
        ...(idToken ? { id_token_hint: idToken } : {}),
        ...(state ? { state } : {}),
        post_logout_redirect_uri: this.config.postLogoutRedirectUri,
      });
    } catch {
      return undefined;
    }
  }
}
