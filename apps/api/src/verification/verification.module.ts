import { Module } from '@nestjs/common';

/** Verification: routes of this area are registered here. */
@Module({})
export class VerificationModule {}
