import { Module } from '@nestjs/common';
import { CredentialsRepository } from '@tramites/persistence';
import { ApiConfig } from '../config/api.config';
import { CAPTCHA_VERIFIER, LocalCaptcha, SiteverifyCaptcha } from './captcha';
import { CredentialsController } from './credentials.controller';
import { CredentialsService } from './credentials.service';

@Module({
  controllers: [CredentialsController],
  providers: [
    CredentialsService,
    {
      provide: CAPTCHA_VERIFIER,
      inject: [ApiConfig, CredentialsRepository],
      useFactory: (config: ApiConfig, credentials: CredentialsRepository) =>
        config.values.CAPTCHA_PROVIDER === 'siteverify'
          ? new SiteverifyCaptcha(config.values.CAPTCHA_VERIFY_URL ?? '', config.values.CAPTCHA_SECRET ?? '')
          : new LocalCaptcha(config.jwtSecret, credentials),
    },
  ],
  exports: [CAPTCHA_VERIFIER],
})
export class CredentialsModule {}
