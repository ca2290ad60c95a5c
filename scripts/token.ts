/**
 * `npm run token -- --role case_manager --sub officer-1 --agency UIO-NORTE [--province PICHINCHA] [--hours 8]`
 * Mints a bearer token for local use, with the secret of `npm start` (JWT_SECRET, or the
 * development secret kept in the data folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEVELOPMENT_JWT_SECRET, ROLES, TokenService, type Role } from '@tramites/api';
import { dataDir } from '@tramites/infra';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const role = arg('role') as Role | undefined;
  const sub = arg('sub');
  if (!role || !ROLES.includes(role) || !sub) {
    throw new Error(`usage: npm run token -- --role <${ROLES.join('|')}> --sub <id> [--agency ID] [--province NAME] [--hours N]`);
  }
  const devFile = path.join(dataDir(), 'dev-secrets.json');
  const dev = fs.existsSync(devFile) ? (JSON.parse(fs.readFileSync(devFile, 'utf8')) as Record<string, string>) : {};
  const secret = process.env.JWT_SECRET ?? dev['JWT_SECRET'] ?? DEVELOPMENT_JWT_SECRET;
  const agencyId = arg('agency');
  const province = arg('province');
  const token = await new TokenService(secret).sign(
    { sub, role, ...(agencyId ? { agencyId } : {}), ...(province ? { province } : {}) },
    Number(arg('hours') ?? 8) * 3600,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
