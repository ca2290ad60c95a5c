import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@tramites/persistence';
import { ApiConfig } from '../config/api.config';

/** PostgreSQL through TypeORM; the schema comes from migrations only (never synchronize). */
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
})
export class DatabaseModule {}
