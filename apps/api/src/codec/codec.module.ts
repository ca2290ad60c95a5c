import { Module } from '@nestjs/common';
import { CodecController } from './codec.http.controller';

/** The codec server of the Temporal Web UI and CLI (ADR 0014). */
@Module({ controllers: [CodecController] })
export class CodecModule {}
