import { UseGuards, applyDecorators } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limit of the public routes (booking, code verification, document verification), per client address. */
export const PublicRateLimit = (): MethodDecorator & ClassDecorator => applyDecorators(UseGuards(ThrottlerGuard));
