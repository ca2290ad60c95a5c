import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { ApiConfig } from '../config/api.config';

/** The Temporal client the API starts, signals, updates and queries workflows with. */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => Connection.connect({ address: config.values.TEMPORAL_ADDRESS }),
    },
    {
      provide: Client,
      inject: [Connection, ApiConfig],
      useFactory: (connection: Connection, config: ApiConfig) =>
        new Client({ connection, namespace: config.values.TEMPORAL_NAMESPACE }),
    },
  ],
  exports: [Client, Connection],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
