import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi, type OfficerRoleBody } from '../api/api-client';
import { renderOfficer, ROLE_NAMES, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import { keptForm, OFFICER_ROLES, reauthenticateKeeping, REAUTHENTICATION_REQUIRED, type OfficerRequest } from '../officer/officer-session';
import { text, type FieldError } from '../shared/forms';
import { PageError } from '../shared/page-error';

const OFFICERS_PATH = '/oficina/admin/funcionarios';

/** The officers' roles, when the embedded OpenID provider is used (otherwise the provider administers them). */
@Controller('oficina/admin/funcionarios')
@OfficerPage('admin')
export class AdminOfficersController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  /** The officers and their roles; `kept`: a role change as typed before confirming the administrator's identity. */
  private async officersPage(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    errors: FieldError[] = [],
    notice?: string,
    kept?: Record<string, string>,
    typedNow?: Record<string, string>,
  ): Promise<void> {
    const typed = typedNow ?? kept;
    const [r, catalogue] = await Promise.all([this.api.providerOfficers(o.token), this.api.adminAgencies(o.token)]);
    if (!r.ok) throw new PageError(r.status === 409 ? 409 : 503, 'Los roles se administran en el proveedor de identidad', r.error.message);
    // Agency and province from the catalogue's lists, never typed: the API refuses an agency under another province too.
    const agencies = catalogue.ok ? catalogue.data.items : [];
    const provinces = [...new Set(agencies.map((a) => a.province))].sort();
    renderOfficer(
      req,
      res,
      'oficina/admin/funcionarios.njk',
      {
        title: 'Funcionarios',
        officers: r.data.items.map((x) => {
          const shown = {
            ...x,
            ...(typed?.['username'] === x.username ? { role: typed['role'], agencyId: typed['agencyId'], province: typed['province'] } : {}),
          };
          return {
            ...shown,
            roleName: ROLE_NAMES[x.role as keyof typeof ROLE_NAMES] ?? x.role,
            agencyItems: [{ value: '', text: 'Ninguna (no es gestor ni supervisor)', selected: !shown.agencyId }].concat(
              agencies.map((a) => ({ value: a.id, text: `${a.name} (${a.id}, ${a.province})`, selected: shown.agencyId === a.id })),
            ),
            provinceItems: [{ value: '', text: 'La de su agencia, o ninguna', selected: !shown.province }].concat(
              provinces.map((p) => ({ value: p, text: p, selected: shown.province === p })),
            ),
          };
        }),
        roles: OFFICER_ROLES.map((value) => ({ value, text: ROLE_NAMES[value] })),
        errors,
        notice,
        reauthNotice: kept ? `Confirmó su identidad. Revise el rol de ${kept['username']} y guárdelo.` : undefined,
      },
      errors.length ? 400 : 200,
    );
  }

  @Get()
  async officers(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Query('aviso') notice?: string,
    @Query('confirmar') confirm?: string,
  ): Promise<void> {
    const kept = keptForm(req, OFFICERS_PATH, confirm);
    await this.officersPage(req, res, o, [], notice === 'rol' ? 'Rol guardado: vale desde el próximo ingreso del funcionario.' : undefined, kept);
  }

  @Post(':username')
  async setRole(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('username') username: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const role = text(body, 'role');
    const agencyId = text(body, 'agencyId').toUpperCase();
    const province = text(body, 'province').toUpperCase();
    // The role as chosen: the API judges it.
    const change = { role, ...(agencyId ? { agencyId } : {}), ...(province ? { province } : {}) } as OfficerRoleBody;
    const r = await this.api.setOfficerRole(o.token, username, change);
    // A role change needs a recent sign-in (the API's step-up): confirm at the provider, then save the role as typed.
    if (!r.ok && r.error.code === REAUTHENTICATION_REQUIRED) return reauthenticateKeeping(req, res, OFFICERS_PATH, { username, role, agencyId, province });
    if (!r.ok) {
      const field = r.error.fields?.[0]?.field;
      const id = field === 'agencyId' ? `agency-${username}` : field === 'province' ? `province-${username}` : `role-${username}`;
      return this.officersPage(req, res, o, [{ field: id, text: `${username}: ${r.error.message}` }], undefined, undefined, {
        username,
        role,
        agencyId,
        province,
      });
    }
    res.redirect(303, `${OFFICERS_PATH}?aviso=rol`);
  }
}
