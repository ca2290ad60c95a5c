import { Module } from '@nestjs/common';

/** Audit: routes of this area are registered here. */
@Module({})
export class AuditModule {}
