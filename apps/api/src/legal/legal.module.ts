import { Module } from '@nestjs/common';

/** Legal: routes of this area are registered here. */
@Module({})
export class LegalModule {}
