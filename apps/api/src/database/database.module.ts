import { Global, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AccessLogRepository,
  AgendaRepository,
  CaseReadModelRepository,
  CaseStartRequestsRepository,
  CredentialsRepository,
  IssuedDocumentsRepository,
  PoderRepository,
  PortalRegistryRepository,
  TransparencyRepository,
  UploadsRepository,
  dataSourceOptions,
} from '@tramites/persistence';
import { DataSource } from 'typeorm';
import { ApiConfig } from '../config/api.config';

/** The repositories of libs/persistence the API uses (ADR 0019: the API holds no SQL), each on the API's pool. */
const REPOSITORIES = [
  AccessLogRepository,
  AgendaRepository,
  CaseReadModelRepository,
  CaseStartRequestsRepository,
  CredentialsRepository,
  IssuedDocumentsRepository,
  PoderRepository,
  PortalRegistryRepository,
  TransparencyRepository,
  UploadsRepository,
] as const;

const repositoryProviders: Provider[] = REPOSITORIES.map((repository) => ({
  provide: repository,
  inject: [DataSource],
  useFactory: (db: DataSource) => new repository(db),
}));

/** PostgreSQL through TypeORM; the schema comes from migrations only (never synchronize). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => ({
        ...dataSourceOptions({
          url: config.values.DATABASE_URL,
          poolSize: config.values.DATABASE_POOL_SIZE,
          applicationName: 'tramites-api',
        }),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: repositoryProviders,
  exports: repositoryProviders,
})
export class DatabaseModule {}
