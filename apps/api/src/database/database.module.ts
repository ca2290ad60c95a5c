import { Global, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AccessLogRepository,
  AgencyAdminRepository,
  AgencyDayReportRepository,
  AgendaRepository,
  AuditLogRepository,
  CaseAssignmentRepository,
  CaseFilingsRepository,
  CaseHistoryArchiveRepository,
  CaseLanguagesRepository,
  CaseReadModelRepository,
  CaseStartRequestsRepository,
  CredentialsRepository,
  DevOfficerRepository,
  EmailOutboxRepository,
  EventLogRepository,
  FollowCodeRepository,
  ForeignerCodeRepository,
  IssuedDocumentsRepository,
  OfficerAccessLogRepository,
  OfficerDirectoryRepository,
  OperationsFiguresRepository,
  PoderRepository,
  PoderReviewClaimsRepository,
  PoderReviewRepository,
  PortalRegistryRepository,
  ReadLogRepository,
  SeatHoldRepository,
  ServiceTimesRepository,
  TransparencyRepository,
  TurnoCallsRepository,
  UploadsRepository,
  WaitingListRepository,
  WebSessionRepository,
  WorkQueueRepository,
  dataSourceOptions,
  type Queryable,
  type SqlRepository,
} from '@tramites/persistence';
import { DataSource } from 'typeorm';
import { ApiConfig } from '../config/api.config';

/**
 * The repositories of libs/persistence the API uses (ADR 0019: the API holds no SQL), each on the API's
 * pool: the one way a service or controller gets a repository is to name it in its constructor (ADR 0025).
 */
export const API_REPOSITORIES: ReadonlyArray<new (db: Queryable) => SqlRepository> = [
  AccessLogRepository,
  AgencyAdminRepository,
  AgencyDayReportRepository,
  AgendaRepository,
  AuditLogRepository,
  CaseAssignmentRepository,
  CaseFilingsRepository,
  CaseHistoryArchiveRepository,
  CaseLanguagesRepository,
  CaseReadModelRepository,
  CaseStartRequestsRepository,
  CredentialsRepository,
  DevOfficerRepository,
  EmailOutboxRepository,
  EventLogRepository,
  FollowCodeRepository,
  ForeignerCodeRepository,
  IssuedDocumentsRepository,
  OfficerAccessLogRepository,
  OfficerDirectoryRepository,
  OperationsFiguresRepository,
  PoderRepository,
  PoderReviewClaimsRepository,
  PoderReviewRepository,
  PortalRegistryRepository,
  ReadLogRepository,
  SeatHoldRepository,
  ServiceTimesRepository,
  TransparencyRepository,
  TurnoCallsRepository,
  UploadsRepository,
  WaitingListRepository,
  WebSessionRepository,
  WorkQueueRepository,
];

const repositoryProviders: Provider[] = API_REPOSITORIES.map((repository) => ({
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
