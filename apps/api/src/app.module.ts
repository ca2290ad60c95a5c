import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AgencyDayModule } from './agency-day/agency-day.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { AuditModule } from './audit/audit.module';
import { BackOfficeModule } from './back-office/back-office.module';
import { AuthGuard } from './auth/auth.guard';
import { OfficerDirectoryService } from './auth/officer-directory.service';
import { SupervisionModule } from './supervision/supervision.module';
import { OidcTokenVerifier } from './auth/oidc-token.verifier';
import { TokenService } from './auth/token.service';
import { CasesModule } from './cases/cases.module';
import { CodecModule } from './codec/codec.module';
import { ApiConfig } from './config/api.config';
import { CredentialsModule } from './credentials/credentials.module';
import { DatabaseModule } from './database/database.module';
import { DeskModule } from './desk/desk.module';
import { DocumentsModule } from './documents/documents.module';
import { ErrorFilter } from './errors/error.filter';
import { FollowModule } from './follow/follow.module';
import { HealthModule } from './health/health.module';
import { LegalModule } from './legal/legal.module';
import { requestLogOptions } from './logging/request-log';
import { TemporalModule } from './temporal/temporal.module';
import { TransparencyModule } from './transparency/transparency.module';
import { VerificationModule } from './verification/verification.module';
import { WaitingListModule } from './waiting-list/waiting-list.module';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          // By allow-list: no header, query string or path segment that could hold a secret (logging/request-log.ts).
          pinoHttp: requestLogOptions(config.values.LOG_LEVEL),
        }),
        // Only the public booking routes are limited (auth/rate-limit.ts).
        ThrottlerModule.forRoot([{ name: 'public', ttl: 60_000, limit: config.values.PUBLIC_RATE_LIMIT_PER_MINUTE }]),
        TemporalModule,
        DatabaseModule,
        AccessModule,
        HealthModule,
        CasesModule,
        AppointmentsModule,
        DocumentsModule,
        LegalModule,
        DeskModule,
        AgencyDayModule,
        AuditModule,
        TransparencyModule,
        VerificationModule,
        CredentialsModule,
        CodecModule,
        FollowModule,
        BackOfficeModule,
        SupervisionModule,
        WaitingListModule,
      ],
      providers: [
        { provide: ApiConfig, useValue: config },
        { provide: TokenService, useValue: new TokenService(config.jwtSecret) },
        { provide: OidcTokenVerifier, useValue: new OidcTokenVerifier(config.values.OIDC_ISSUER_URL, config.values.OIDC_AUDIENCE) },
        OfficerDirectoryService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
      exports: [ApiConfig, TokenService, OidcTokenVerifier, OfficerDirectoryService],
    };
  }
}
