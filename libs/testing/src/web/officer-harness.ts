import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { generateOidcSigningJwk } from '@tramites/devenv';
import { DevOfficerRepository, DEMO_OFFICERS } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

const ROOT = path.resolve(__dirname, '../../../..');

/** A free TCP port on the loopback (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's RS256 private key (JWK JSON): a test may sign tokens the API must accept. */
  signingJwk: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The embedded OpenID provider of `npm start` (scripts/oidc-provider.ts) as a real child process
 * (oidc-provider is ESM-only: it does not load inside Jest), on the suite's database with the
 * demo officers, for the web pages at `webUrl`.
 */
export async function startTestOidcProvider(
  db: DataSource,
  databaseUrl: string,
  webUrl: string,
  port: number,
  signingJwk: string = generateOidcSigningJwk(),
): Promise<RunningTestProvider> {
  await new DevOfficerRepository(db).seed(DEMO_OFFICERS);
  const issuer = `http://127.0.0.1:${port}`;
  const clientSecret = 'test-oidc-client-secret-0123456789abcdef';
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/oidc-provider.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      OIDC_DEV_ISSUER: issuer,
      OIDC_CLIENT_ID: 'tramites-web',
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URIS: `${webUrl}/oficina/callback`,
      OIDC_POST_LOGOUT_REDIRECT_URIS: `${webUrl}/oficina/salida`,
      OIDC_AUDIENCE: 'tramites-api',
      OIDC_DEV_SIGNING_JWK: signingJwk,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the OpenID provider ended (${code}): ${out}`));
    child.once('exit', onExit);
    const check = (): void => {
      if (out.includes('oidc: embedded OpenID provider at')) {
        child.off('exit', onExit);
        resolve();
      } else setTimeout(check, 100);
    };
    check();
  });
  return {
    issuer,
    clientId: 'tramites-web',
    clientSecret,
    signingJwk,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
