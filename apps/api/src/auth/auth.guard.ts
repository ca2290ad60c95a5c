import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiConfig } from '../config/api.config';
import { ApiError } from '../errors/api-error';
import type { Principal, Role } from './principal';
import { OfficerDirectoryService } from './officer-directory.service';
import { OidcTokenVerifier } from './oidc-token.verifier';
import { recentlyAuthenticated } from './step-up';
import { TokenService } from './token.service';
import { VerifiedTokens } from './verified-tokens';

const ROLES_KEY = 'tramites:roles';
export const PUBLIC_KEY = 'tramites:public';
const RECENT_AUTH_KEY = 'tramites:recent-auth';

/** The roles allowed on a route. Every route declares them (or @Public). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
/** A route open without a token (health, booking start, verification of documents). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
/**
 * A decision that needs the officer to have authenticated at the provider a moment ago
 * (step-up, auth/step-up.ts): refused with AUTH.REAUTHENTICATION_REQUIRED otherwise.
 */
export const RequiresRecentAuth = (): MethodDecorator & ClassDecorator => SetMetadata(RECENT_AUTH_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>().principal;
  if (!principal) throw new ApiError('AUTH.TOKEN_REQUIRED');
  return principal;
});

/**
 * Guards every route: 401 without a valid token, 403 when the role may not use the route, 401
 * AUTH.REAUTHENTICATION_REQUIRED when the route needs a recent authentication the token lacks.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly stepUpAcr: readonly string[];
  /** Tokens already verified, until their `exp` (a client sends the same token with every call). */
  private readonly verifiedTokens = new VerifiedTokens();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly oidc: OidcTokenVerifier,
    private readonly directory: OfficerDirectoryService,
    config: ApiConfig,
  ) {
    this.stepUpAcr = config.stepUpAcr;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      // The API's own tokens are applicants' only; officers' roles come from their provider (ADR 0021).
      const token = header.slice(7).trim();
      const remembered = this.verifiedTokens.get(token, Date.now() / 1000);
      // The directory's write is retried on a later call when it failed (seen() is a lookup in memory once written).
      if (remembered && remembered.role !== 'applicant') await this.directory.seen(remembered);
      req.principal = remembered ?? (await this.verify(token));
    }
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (!req.principal) throw new ApiError('AUTH.TOKEN_REQUIRED');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // A route that forgot to declare its roles is closed, never open.
    if (!roles || !roles.includes(req.principal.role)) throw new ApiError('AUTH.ROLE_NOT_ALLOWED');
    if (this.reflector.getAllAndOverride<boolean>(RECENT_AUTH_KEY, targets) && !recentlyAuthenticated(req.principal, Date.now(), this.stepUpAcr)) {
      throw new ApiError('AUTH.REAUTHENTICATION_REQUIRED');
    }
    return true;
  }

  /** Checks a token not verified before (or expired since): the API's own, else the provider's; remembered when valid. */
  private async verify(token: string): Promise<Principal> {
    const applicant = await this.tokens.verified(token);
    const verified = applicant ?? (await this.oidc.verified(token));
    if (!verified) throw new ApiError('AUTH.TOKEN_INVALID');
    if (!applicant) await this.directory.seen(verified.principal);
    this.verifiedTokens.remember(token, verified);
    return verified.principal;
  }
}
