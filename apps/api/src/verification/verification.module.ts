import { Module } from '@nestjs/common';
import { verificationKeysFromEnvironment } from './statement-verifier';
import { VerificationController } from './verification.controller';
import { VERIFICATION_KEYS, VerificationService } from './verification.service';

/**
 * Public verification of issued documents: the QR code's signed statement, the
 * printed verification number, and the public keys (JWKS) for offline checks.
 * The keys come from the same variables as the worker's (SIGNING_PUBLIC_KEYS,
 * and the public half of SIGNING_PRIVATE_KEY when the process has it), read
 * once when the application is built; a bad value stops start-up.
 */
@Module({
  controllers: [VerificationController],
  providers: [VerificationService, { provide: VERIFICATION_KEYS, useFactory: () => verificationKeysFromEnvironment(process.env) }],
})
export class VerificationModule {}
