import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SignJWT } from 'jose';
import { TokenService, type Principal } from '@tramites/api';
import { ERROR_CODES } from '@tramites/contracts';
import { DevOfficerRepository, DEMO_OFFICERS } from '@tramites/persistence';
import { startApiHarness, TEST_JWT_SECRET, type ApiHarness } from '@tramites/testing/api';

/** A token signed with the API's own secret (JWT_SECRET), as anyone holding that secret could mint it. */
function withApiSecret(claims: Record<string, unknown>, sub: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer('tramites-iess')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

const ROOT = path.resolve(__dirname, '../../..');
const ADMIN: Principal = { sub: 'admin-1', role: 'admin' };
/** The acr value that this suite's provider issues only right after a second factor (OIDC_STEP_UP_ACR). */
const STEP_UP_ACR = 'urn:tramites:test:mfa-reciente';
const minutesAgo = (m: number): number => Math.floor(Date.now() / 1000) - m * 60;

/**
 * Officers' identity comes from the identity provider only (ADR 0021): the API's own HS256
 * tokens are applicants' tokens, and an officer's decision needs a recent authentication.
 */
describe("officers' identity and step-up", () => {
  let h: ApiHarness;

  beforeAll(async () => {
    // The administrator edits the embedded provider's officers here; OIDC_STEP_UP_ACR names the
    // acr a provider could mark a fresh second factor with (unset in npm start).
    h = await startApiHarness('officer_identity', { OIDC_EMBEDDED_PROVIDER: 'true', OIDC_STEP_UP_ACR: STEP_UP_ACR });
    await new DevOfficerRepository(h.db.dataSource).seed(DEMO_OFFICERS);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** An officer route for each role, answered 200 to that role with a provider token. */
  const officerRoutes: Array<{ officer: Principal; route: string; claims: Record<string, unknown> }> = [
    { officer: { sub: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' }, route: '/desk/queues', claims: { agencyId: 'UIO-NORTE' } },
    { officer: { sub: 'legal-pic-1', role: 'legal_unit', province: 'PICHINCHA' }, route: '/legal/inbox', claims: { province: 'PICHINCHA' } },
    { officer: { sub: 'auditor-1', role: 'auditor' }, route: '/audit/officer-access', claims: {} },
    { officer: ADMIN, route: '/admin/agencies', claims: {} },
  ];

  it.each(officerRoutes)(
    'refuses a $officer.role token signed with JWT_SECRET (401) on $route, and takes the provider token',
    async ({ officer, route, claims }) => {
      const forged = await withApiSecret({ role: officer.role, ...claims }, officer.sub);
      const refused = await h.http().get(route).set('Authorization', `Bearer ${forged}`);
      expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 401, code: 'AUTH.TOKEN_INVALID' });
      const accepted = await h
        .http()
        .get(route)
        .set('Authorization', `Bearer ${await h.token(officer)}`);
      expect(accepted.status).toBe(200);
    },
  );

  it("never signs an officer's token with the API's secret, and still takes the applicants' own tokens", async () => {
    const tokens = new TokenService(TEST_JWT_SECRET);
    for (const role of ['case_manager', 'legal_unit', 'auditor', 'admin'] as const) {
      await expect(tokens.sign({ sub: 'x', role, agencyId: 'UIO-NORTE', province: 'PICHINCHA' })).rejects.toThrow(/applicants' tokens only/);
    }
    const applicant = await tokens.sign({ sub: 'PAPPL0001', role: 'applicant' });
    expect((await h.http().get('/cases').set('Authorization', `Bearer ${applicant}`)).status).toBe(200);
    // An applicant's token carrying an officer's scope was not minted by the API.
    const scoped = await withApiSecret({ role: 'applicant', agencyId: 'UIO-NORTE' }, 'PAPPL0001');
    expect((await h.http().get('/cases').set('Authorization', `Bearer ${scoped}`)).status).toBe(401);
  });

  it("npm run token mints applicants' tokens and refuses officers' roles, saying where officers sign in", async () => {
    const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/token.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, JWT_SECRET: TEST_JWT_SECRET },
        encoding: 'utf8',
      });
    const refused = run('--role', 'admin', '--sub', 'admin-1');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/come from the identity provider only.*\/oficina/);
    expect(refused.stdout).toBe('');
    const applicant = run('--role', 'applicant', '--sub', 'PAPPL0002');
    expect(applicant.status).toBe(0);
    expect((await h.http().get('/cases').set('Authorization', `Bearer ${applicant.stdout.trim()}`)).status).toBe(200);
  });

  describe('a role change needs a recent authentication', () => {
    const route = '/admin/officers/gestor.guayaquil/role';
    const change = { role: 'case_manager', agencyId: 'UIO-NORTE', province: 'PICHINCHA' };
    const roleOf = async (): Promise<unknown> =>
      (
        (
          await h
            .http()
            .get('/admin/officers')
            .set('Authorization', `Bearer ${await h.token(ADMIN)}`)
        ).body.items as Array<{ username: string; agencyId: string | null }>
      ).find((o) => o.username === 'gestor.guayaquil')?.agencyId;

    it('refuses an administrator who signed in 6 minutes ago, or whose token has no auth_time (401 AUTH.REAUTHENTICATION_REQUIRED), and changes nothing', async () => {
      const before = await roleOf();
      const stale = await h
        .http()
        .put(route)
        .set('Authorization', `Bearer ${await h.token(ADMIN, { authTime: minutesAgo(6) })}`)
        .send(change);
      expect({ status: stale.status, code: stale.body.error?.code }).toEqual({ status: 401, code: 'AUTH.REAUTHENTICATION_REQUIRED' });
      expect(stale.body.error.message).toMatch(/confirme su identidad/);
      const withoutAuthTime = await h
        .http()
        .put(route)
        .set('Authorization', `Bearer ${await h.token(ADMIN, { authTime: null })}`)
        .send(change);
      expect({ status: withoutAuthTime.status, code: withoutAuthTime.body.error?.code }).toEqual({ status: 401, code: 'AUTH.REAUTHENTICATION_REQUIRED' });
      // An amr of a second factor says how, not when: not a recent authentication.
      const oldMfa = await h
        .http()
        .put(route)
        .set('Authorization', `Bearer ${await h.token(ADMIN, { authTime: minutesAgo(30), amr: ['pwd', 'otp'] })}`)
        .send(change);
      expect(oldMfa.status).toBe(401);
      expect(await roleOf()).toBe(before);
    });

    it('refuses a refreshed token that carries the step-up acr and a fresh iat but an auth_time 2 hours old (the sign-in is what counts)', async () => {
      const before = await roleOf();
      // A refresh at the provider: issued now, the step-up acr copied along, the authentication itself 2 hours old.
      const refreshed = await h
        .http()
        .put(route)
        .set('Authorization', `Bearer ${await h.token(ADMIN, { authTime: minutesAgo(120), acr: STEP_UP_ACR })}`)
        .send({ role: 'case_manager', agencyId: 'GYE-CENTRO', province: 'GUAYAS' });
      expect({ status: refreshed.status, code: refreshed.body.error?.code }).toEqual({ status: 401, code: 'AUTH.REAUTHENTICATION_REQUIRED' });
      // With OIDC_STEP_UP_ACR configured, a recent auth_time without that acr is not a step-up either.
      const withoutAcr = await h
        .http()
        .put(route)
        .set('Authorization', `Bearer ${await h.token(ADMIN, { authTime: minutesAgo(1), acr: 'urn:tramites:test:solo-clave' })}`)
        .send({ role: 'case_manager', agencyId: 'GYE-CENTRO', province: 'GUAYAS' });
      expect({ status: withoutAcr.status, code: withoutAcr.body.error?.code }).toEqual({ status: 401, code: 'AUTH.REAUTHENTICATION_REQUIRED' });
      expect(await roleOf()).toBe(before);
    });

    it('takes the change from an administrator who signed in 4 minutes ago with the step-up acr the provider is configured to mark', async () => {
      const fresh = await h
        .http()
        .put(route)
        .set('Authorization', `Bearer ${await h.token(ADMIN, { authTime: minutesAgo(4), acr: STEP_UP_ACR })}`)
        .send(change);
      expect(fresh.status).toBe(200);
      expect(await roleOf()).toBe('UIO-NORTE');
    });

    it('answers 404 OFFICER.NOT_FOUND to a change of an officer the provider does not have, with a fresh step-up', async () => {
      const unknown = await h
        .http()
        .put('/admin/officers/nadie.conocido/role')
        .set('Authorization', `Bearer ${await h.token(ADMIN, { authTime: minutesAgo(1), acr: STEP_UP_ACR })}`)
        .send(change);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({ code: 'OFFICER.NOT_FOUND', message: ERROR_CODES['OFFICER.NOT_FOUND'].message });
    });
  });
});
