import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/** One officer of the embedded provider, as its claims carry it (ADR 0021). */
export interface EmbeddedOfficer {
  sub: string;
  name: string;
  role: string;
  agencyId: string | null;
  province: string | null;
}

export interface EmbeddedOidcProviderOptions {
  /** The issuer URL, e.g. http://localhost:3002 (its port is the one listened on). */
  issuer: string;
  host?: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The `aud` of the access tokens (the API's OIDC_AUDIENCE). */
  audience: string;
  /** RS256 private key as a JWK (JSON); a new one each start when unset. */
  signingJwk?: string;
  /** Accounts: the officer of a username and password, and of a subject. */
  authenticate(username: string, password: string): Promise<EmbeddedOfficer | undefined>;
  bySub(sub: string): Promise<EmbeddedOfficer | undefined>;
  /** A sign-in or failed sign-in at the provider's own page (logged by the caller). */
  onEvent(e: { event: 'sign_in' | 'sign_in_failed'; username: string; officer?: EmbeddedOfficer; clientAddress?: string }): Promise<void> | void;
}

export interface RunningOidcProvider {
  issuer: string;
  close(): Promise<void>;
}

/** The resource indicator of the API at the embedded provider: its access tokens are JWTs for `audience`. */
export const EMBEDDED_API_RESOURCE = 'urn:tramites:api';

/** The end-session `state` with which the web pages end an officer's idle session (ADR 0021): the provider asks no confirmation. */
export const IDLE_LOGOUT_STATE = 'inactividad';

/** A fresh RS256 signing key for the embedded provider, as JWK JSON (kept in the development secrets). */
export function generateOidcSigningJwk(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: `dev-oidc-${randomBytes(3).toString('hex')}`, alg: 'RS256', use: 'sig' });
}

/* The few parts of oidc-provider (ESM-only, untyped) that this file uses. */
interface OidcInteraction {
  uid: string;
  prompt: { name: string };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
/** What the authorization code remembers of the sign-in that produced it. */
interface SignInFacts {
  accountId?: string;
  authTime?: number;
  acr?: string;
  amr?: string[];
}
interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<OidcInteraction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => OidcGrant;
  proxy: boolean;
}
type ProviderClass = new (issuer: string, config: Record<string, unknown>) => OidcProvider;

/** A real dynamic import (oidc-provider is ESM-only; the TypeScript compiler would turn `import()` into `require`). */
const esmImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: ProviderClass }>;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="es-EC"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Proveedor de identidad de desarrollo</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}label{display:block;font-weight:700;margin-top:1rem}
input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box;border:2px solid #0b0c0c}button{margin-top:1.5rem;font-size:1.1rem;padding:.5rem 1rem;background:#00703c;color:#fff;border:0}
.error{border-left:5px solid #d4351c;padding:.5rem 1rem;color:#0b0c0c}.note{color:#484949}</style></head>
<body><header><p class="note">Proveedor de identidad de desarrollo (npm start). En producción el IESS usa el suyo.</p></header><main>${body}</main></body></html>`;
}

function loginPage(uid: string, username: string, error?: string, reauth?: boolean): string {
  return page(
    error ? `Error: ${reauth ? 'Confirme su identidad' : 'Ingreso de funcionarios'}` : reauth ? 'Confirme su identidad' : 'Ingreso de funcionarios',
    `<h1>${reauth ? 'Confirme su identidad' : 'Ingreso de funcionarios'}</h1>
${reauth ? '<p>Para firmar esta decisión, vuelva a escribir su contraseña.</p>' : ''}
${error ? `<div class="error" role="alert"><h2>Hay un problema</h2><p>${escapeHtml(error)}</p></div>` : ''}
<form method="post" action="/interaccion/${escapeHtml(uid)}/ingreso" autocomplete="off">
<label for="username">Usuario</label><input id="username" name="username" value="${escapeHtml(username)}" autocomplete="username" required>
<label for="password">Contraseña</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Ingresar</button></form>`,
  );
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let raw = '';
  for await (const chunk of req) {
    raw += String(chunk);
    if (raw.length > 10_000) break;
  }
  return new URLSearchParams(raw);
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' });
  res.end(html);
}

/**
 * The embedded OpenID Connect provider of `npm start` (ADR 0021), built on `oidc-provider`:
 * authorization code with PKCE (S256, required), one confidential client (the web pages),
 * the officers' role, agency and province as claims (`role`, `agency_id`, `province`) in the ID
 * token and in the access token, which is a JWT for the API's audience signed with a key of
 * the published JWKS; `prompt=login` / `max_age` re-authentication with `auth_time`;
 * RP-initiated logout. Development only: accounts come from the caller (the dev_officers table).
 */
export async function startEmbeddedOidcProvider(o: EmbeddedOidcProviderOptions): Promise<RunningOidcProvider> {
  const { default: Provider } = await esmImport('oidc-provider');
  const url = new URL(o.issuer);
  const signingJwk = JSON.parse(o.signingJwk ?? generateOidcSigningJwk()) as Record<string, unknown>;
  const claimsOf = (a: EmbeddedOfficer): Record<string, unknown> => ({
    sub: a.sub,
    name: a.name,
    role: a.role,
    ...(a.agencyId ? { agency_id: a.agencyId } : {}),
    ...(a.province ? { province: a.province } : {}),
  });
  const provider = new Provider(o.issuer, {
    clients: [
      {
        client_id: o.clientId,
        client_secret: o.clientSecret,
        redirect_uris: o.redirectUris,
        post_logout_redirect_uris: o.postLogoutRedirectUris,
        response_types: ['code'],
        // Refresh tokens: the web pages renew the officer's access token within the session's absolute life.
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
        require_auth_time: true,
      },
    ],
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'tramites'],
    claims: { openid: ['sub'], profile: ['name'], tramites: ['role', 'agency_id', 'province'] },
    // The claims the web needs arrive in the ID token itself (the access token is the API's, not userinfo's).
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, sub: string) => {
      const a = await o.bySub(sub);
      return a ? { accountId: sub, claims: () => claimsOf(a) } : undefined;
    },
    // The access token also says when the officer typed their password (`auth_time`, as the ID
    // token does): the API asks for a recent one before a decision (step-up, ADR 0021).
    extraTokenClaims: async (
      ctx: { oidc?: { entities?: { AuthorizationCode?: SignInFacts; RefreshToken?: SignInFacts } } } | undefined,
      token: { accountId?: string; kind?: string },
    ) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const a = await o.bySub(token.accountId);
      if (!a) return undefined;
      // A refreshed access token keeps the sign-in's auth_time (the refresh token remembers it): no step-up by refreshing.
      const signIn = ctx?.oidc?.entities?.AuthorizationCode ?? ctx?.oidc?.entities?.RefreshToken;
      return {
        ...claimsOf(a),
        ...(typeof signIn?.authTime === 'number' ? { auth_time: signIn.authTime } : {}),
        ...(signIn?.acr ? { acr: signIn.acr } : {}),
        ...(signIn?.amr?.length ? { amr: signIn.amr } : {}),
      };
    },
    // Every sign-in of the web pages gets a refresh token (no offline_access consent for a first-party client).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: { body: string; oidc?: { params?: Record<string, unknown> } }, form: string) => {
          // The web pages end an idle session here (state=inactividad): nobody is at the desk to confirm, so the form sends itself.
          if (ctx.oidc?.params?.['state'] === IDLE_LOGOUT_STATE) {
            ctx.body = page(
              'Cerrando sesión',
              `<h1>Cerrando sesión por inactividad</h1>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"><noscript><button type="submit">Cerrar sesión</button></noscript></form>')}<script>document.getElementById('op.logoutForm').submit()</script>`,
            );
            return;
          }
          ctx.body = page(
            'Cerrar sesión',
            `<h1>Cerrar sesión</h1><p>¿Cierra también su sesión en el proveedor de identidad?</p>${form.replace('</form>', '')}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sí, cerrar sesión</button></form>`,
          );
        },
        postLogoutSuccessSource: (ctx: { body: string }) => {
          ctx.body = page('Sesión cerrada', '<h1>Sesión cerrada</h1><p>Puede cerrar esta ventana.</p>');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => EMBEDDED_API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== EMBEDDED_API_RESOURCE) throw new Error('unknown resource');
          return { scope: 'tramites', audience: o.audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // First-party client: no consent screen; the grant covers what the web pages ask.
    loadExistingGrant: async (ctx: { oidc: { client: { clientId: string }; session: { accountId: string } } }) => {
      const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile tramites');
      grant.addOIDCClaims(['name', 'role', 'agency_id', 'province']);
      grant.addResourceScope(EMBEDDED_API_RESOURCE, 'tramites');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaccion/${interaction.uid}` },
    // A refresh token lives as long as the longest officer session (OFFICER_SESSION_HOURS at most 24); the web ends it sooner.
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, RefreshToken: 24 * 3600, Session: 8 * 3600, Grant: 24 * 3600 },
    renderError: (ctx: { body: string; type: string }, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<h1>No se pudo completar el ingreso</h1><p>${escapeHtml(out.error_description ?? out.error ?? 'Error')}</p>`);
    },
  });
  const handler = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const reauth = details.params['prompt'] === 'login' || details.params['max_age'] !== undefined;
    if (req.method === 'GET') return send(res, 200, loginPage(details.uid, '', undefined, reauth));
    if (req.method !== 'POST' || !path.endsWith('/ingreso')) return send(res, 405, page('Error', '<h1>Método no permitido</h1>'));
    const form = await formBody(req);
    const username = (form.get('username') ?? '').trim().toLowerCase();
    const officer = await o.authenticate(username, form.get('password') ?? '');
    const clientAddress = req.socket.remoteAddress;
    if (!officer) {
      await o.onEvent({ event: 'sign_in_failed', username, clientAddress });
      return send(res, 401, loginPage(details.uid, username, 'El usuario o la contraseña no son correctos.', reauth));
    }
    // Re-authentication is for the officer already signed in, not for someone else.
    if (reauth && details.session?.accountId && details.session.accountId !== officer.sub) {
      await o.onEvent({ event: 'sign_in_failed', username, clientAddress });
      return send(res, 401, loginPage(details.uid, username, 'Confirme su identidad con su propio usuario.', reauth));
    }
    await o.onEvent({ event: 'sign_in', username, officer, clientAddress });
    await provider.interactionFinished(req, res, { login: { accountId: officer.sub } }, { mergeWithLastSubmission: false });
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', o.issuer).pathname;
    if (path.startsWith('/interaccion/')) {
      interaction(req, res, path).catch((err: unknown) => {
        if (!res.headersSent)
          send(res, 400, page('Error', `<h1>El ingreso caducó</h1><p>${escapeHtml(err instanceof Error ? err.message : 'Vuelva a empezar.')}</p>`));
      });
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(url.port || 80), o.host ?? '127.0.0.1', () => resolve());
  });
  return {
    issuer: o.issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
