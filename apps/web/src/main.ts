import { loadWebConfig } from './config';
import { createWebApp } from './web.factory';

async function main(): Promise<void> {
  const config = loadWebConfig();
  const app = await createWebApp(config);
  await app.listen(config.port, config.host);
  process.stdout.write(`web: Trámites IESS pages at http://localhost:${config.port} (API ${config.apiBaseUrl})\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
