import 'reflect-metadata';
import { assertDatabaseReachable, assertPortFree, assertTemporalReachable, runMain } from '@tramites/infra';
import { createApiApp } from './app.factory';
import { loadApiConfig } from './config/api.config';

runMain('api', async () => {
  const config = loadApiConfig();
  const { PORT, HOST, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL } = config.values;
  await assertPortFree(PORT, HOST, 'PORT');
  await assertTemporalReachable(TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE);
  await assertDatabaseReachable(DATABASE_URL);
  const app = await createApiApp(config);
  await app.listen(PORT, HOST);
});
