import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { tracingEnabled } from '@tramites/observability';
import { AesGcmPayloadCodec, actorAssertionInterceptor, actorAssertionKeyFromEnv, payloadKeysFromEnv, temporalDataConverter } from '@tramites/infra';
import { ApiConfig } from '../config/api.config';
import { TemporalGateway } from './temporal-gateway';

/** The Temporal gateway (and client) the API starts, signals, updates and queries workflows with; its payloads are encrypted and its updates' actors signed (ADR 0014). */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => Connection.connect({ address: config.values.TEMPORAL_ADDRESS }),
    },
    {
      provide: AesGcmPayloadCodec,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => {
        const { warning: _warning, ...keyring } = payloadKeysFromEnv(config.values);
        return new AesGcmPayloadCodec(keyring);
      },
    },
    {
      provide: Client,
      inject: [Connection, ApiConfig, AesGcmPayloadCodec],
      useFactory: (connection: Connection, config: ApiConfig, codec: AesGcmPayloadCodec) =>
        new Client({
          connection,
          namespace: config.values.TEMPORAL_NAMESPACE,
          dataConverter: temporalDataConverter(codec),
          // The API vouches for the actor of every update it sends (ADR 0014).
          // With traces on, the request's trace context travels in the headers: the workflow's spans join it (ADR 0032).
          interceptors: {
            workflow: [
              ...(tracingEnabled() ? [new OpenTelemetryWorkflowClientInterceptor()] : []),
              actorAssertionInterceptor(actorAssertionKeyFromEnv(config.values).key),
            ],
          },
        }),
    },
    TemporalGateway,
  ],
  // The raw client stays in this module: the API reaches Temporal through the gateway.
  exports: [TemporalGateway, AesGcmPayloadCodec],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
