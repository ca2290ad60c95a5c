import { applyDecorators, createParamDecorator, Inject, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { PageAnswered } from '../shared/page-error';
import { OFFICER_AUTH } from '../shared/tokens';
import type { OfficerAuth, SignedInOfficer } from './officer-auth';
import type { OfficerRequest, OfficerRole } from './officer-session';

const ROLES = 'tramites:officer-roles';

type GuardedRequest = OfficerRequest & { signedInOfficer?: SignedInOfficer };

/**
 * Lets a page through only for a signed-in officer of one of the roles the page names
 * (`@OfficerPage(...)`); otherwise `OfficerAuth.require` has answered (the sign-in for a GET, the
 * 401 page for a POST, the 403 page with its access-log row) and the page does not run.
 */
@Injectable()
export class OfficerGuard implements CanActivate {
  constructor(
    @Inject(OFFICER_AUTH) private readonly auth: OfficerAuth,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<readonly OfficerRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]) ?? [];
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const officer = await this.auth.require(req, context.switchToHttp().getResponse<Response>(), roles);
    if (!officer) throw new PageAnswered();
    req.signedInOfficer = officer;
    return true;
  }
}

/** A page (or a controller of pages) for the officers of these roles: one access decorator per route or room. */
export const OfficerPage = (...roles: OfficerRole[]) => applyDecorators(SetMetadata(ROLES, roles), UseGuards(OfficerGuard));

/** The signed-in officer the guard let through (with the access token the page calls the API with). */
export const Officer = createParamDecorator((_: unknown, context: ExecutionContext): SignedInOfficer => {
  const officer = context.switchToHttp().getRequest<GuardedRequest>().signedInOfficer;
  if (!officer) throw new Error('@Officer() on a page without @OfficerPage()');
  return officer;
});
