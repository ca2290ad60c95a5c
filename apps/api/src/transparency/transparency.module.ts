import { Module } from '@nestjs/common';

/** Transparency: routes of this area are registered here. */
@Module({})
export class TransparencyModule {}
