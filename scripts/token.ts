/**
 * `npm run token -- --role applicant --sub <identity number> [--case <caseId>] [--hours N]`
 * Mints an applicant's bearer token for local use, with the secret of `npm start` (JWT_SECRET,
 * or the development secret kept in the data folder). Officers' tokens come from the identity
 * provider only (ADR 0021): this command refuses them and says where to sign in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEVELOPMENT_JWT_SECRET, OFFICER_ROLES, TokenService, type Role } from '@tramites/api';
import { dataDir } from '@tramites/devenv';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const role = arg('role') as Role | undefined;
  const sub = arg('sub');
  if (role && OFFICER_ROLES.includes(role)) {
    throw new Error(
      `officers' tokens (${role}) come from the identity provider only, never from the API's secret: sign in at http://localhost:3001/oficina ` +
        "(npm start prints the demo officers) and the pages call the API with the provider access token; this command mints applicants' tokens only",
    );
  }
  if (role !== 'applicant' || !sub) {
    throw new Error('usage: npm run token -- --role applicant --sub <identity number> [--case <caseId>] [--hours N]');
  }
  const devFile = path.join(dataDir(), 'dev-secrets.json');
  const dev = fs.existsSync(devFile) ? (JSON.parse(fs.readFileSync(devFile, 'utf8')) as Record<string, string>) : {};
  const secret = process.env.JWT_SECRET ?? dev['JWT_SECRET'] ?? DEVELOPMENT_JWT_SECRET;
  const caseId = arg('case');
  const token = await new TokenService(secret).sign({ sub, role, ...(caseId ? { caseId } : {}) }, Number(arg('hours') ?? 8) * 3600);
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
