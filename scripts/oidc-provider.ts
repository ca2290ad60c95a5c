/**
 * The embedded OpenID Connect provider of `npm start` when OIDC_ISSUER_URL is unset (ADR 0021):
 * the demo officers of the dev_officers table (roles set by the administrator) sign in here.
 * Development only. Settings: OIDC_DEV_ISSUER (e.g. http://localhost:3002), OIDC_CLIENT_ID,
 * OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS and OIDC_POST_LOGOUT_REDIRECT_URIS (comma-separated),
 * OIDC_AUDIENCE, OIDC_DEV_SIGNING_JWK, DATABASE_URL.
 */
import 'reflect-metadata';
import { startEmbeddedOidcProvider } from '@tramites/devenv';
import { createDataSource, DevOfficerRepository, OfficerAccessLogRepository } from '@tramites/persistence';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

const list = (name: string): string[] =>
  required(name)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function main(): Promise<void> {
  if (process.env['NODE_ENV'] === 'production') throw new Error('the embedded OpenID provider is for development only: set OIDC_ISSUER_URL');
  const ds = createDataSource({ url: required('DATABASE_URL'), poolSize: 2, applicationName: 'tramites-oidc-dev' });
  await ds.initialize();
  const officers = new DevOfficerRepository(ds);
  const log = new OfficerAccessLogRepository(ds);
  const issuer = required('OIDC_DEV_ISSUER').replace(/\/$/, '');
  const running = await startEmbeddedOidcProvider({
    issuer,
    host: process.env['OIDC_DEV_HOST'] || '127.0.0.1',
    clientId: required('OIDC_CLIENT_ID'),
    clientSecret: required('OIDC_CLIENT_SECRET'),
    redirectUris: list('OIDC_REDIRECT_URIS'),
    postLogoutRedirectUris: list('OIDC_POST_LOGOUT_REDIRECT_URIS'),
    audience: process.env['OIDC_AUDIENCE'] || 'tramites-api',
    signingJwk: process.env['OIDC_DEV_SIGNING_JWK'],
    authenticate: (u, p) => officers.authenticate(u, p),
    bySub: (sub) => officers.bySub(sub),
    onEvent: async (e) => {
      // One structured line per sign-in event (never the password), and a row the auditor reads.
      process.stdout.write(
        `${JSON.stringify({ level: 'info', time: new Date().toISOString(), component: 'oidc-dev', event: e.event, username: e.username, sub: e.officer?.sub })}\n`,
      );
      await log.record({
        event: e.event,
        officerId: e.officer?.sub ?? null,
        role: e.officer?.role ?? null,
        agencyId: e.officer?.agencyId ?? null,
        province: e.officer?.province ?? null,
        path: '/interaccion (proveedor integrado)',
        reason: e.event === 'sign_in_failed' ? `usuario o contraseña incorrectos (usuario "${e.username.slice(0, 64)}")` : null,
        clientAddress: e.clientAddress ?? null,
      });
    },
  });
  process.stdout.write(`oidc: embedded OpenID provider at ${running.issuer}\n`);
  const stop = (): void => {
    void running
      .close()
      .then(() => ds.destroy())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`oidc: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
