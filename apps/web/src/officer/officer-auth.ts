import type { Response } from 'express';
import { OfficerAccessLogUnavailable, type OfficerAccessEvent, type OfficerAccessLog } from './access-log';
import type { OfficerOidc } from './oidc';
import {
  idleSecondsLeft,
  officerSessionOf,
  takeDraft,
  OFFICER_PATH,
  type Officer,
  type OfficerRequest,
  type OfficerRole,
  type OfficerSession,
  type OfficerSessions,
} from './officer-session';

export const ROLE_NAMES: Record<OfficerRole, string> = {
  case_manager: 'Gestor de trámites',
  legal_unit: 'Asesoría Jurídica',
  auditor: 'Auditor',
  admin: 'Administrador',
  supervisor: 'Supervisor de agencia',
};

export interface NavItem {
  href: string;
  text: string;
}

/** The officers' navigation by role (the desk pages add theirs to case_manager and legal_unit). */
export const OFFICER_NAV: Record<OfficerRole, NavItem[]> = {
  case_manager: [
    { href: '/oficina', text: 'Inicio' },
    { href: '/oficina/escritorio', text: 'Cola de trabajo' },
    { href: '/oficina/escritorio/llamados', text: 'Llegadas y llamados' },
    { href: '/oficina/escritorio/sin-turno', text: 'Atender sin turno' },
    { href: '/oficina/ventanilla-virtual', text: 'Ventanilla Virtual' },
    { href: '/oficina/clave-afiliado', text: 'Desbloquear clave' },
  ],
  legal_unit: [
    { href: '/oficina', text: 'Inicio' },
    { href: '/oficina/juridico', text: 'Poderes por revisar' },
    { href: '/oficina/juridico/registro', text: 'Registro de poderes' },
  ],
  auditor: [
    { href: '/oficina', text: 'Inicio' },
    { href: '/oficina/auditoria', text: 'Buscar acciones' },
    { href: '/oficina/auditoria/lecturas', text: 'Quién leyó qué' },
    { href: '/oficina/auditoria/accesos', text: 'Ingresos' },
    { href: '/oficina/auditoria/asignaciones', text: 'Asignaciones' },
    { href: '/oficina/auditoria/puntos-de-control', text: 'Puntos de control' },
  ],
  admin: [
    { href: '/oficina', text: 'Inicio' },
    { href: '/oficina/admin/agencias', text: 'Agencias' },
    { href: '/oficina/admin/funcionarios', text: 'Funcionarios' },
    { href: '/oficina/auditoria/accesos', text: 'Ingresos' },
  ],
  supervisor: [
    { href: '/oficina', text: 'Inicio' },
    { href: '/oficina/supervision', text: 'Cola de la agencia' },
    { href: '/oficina/supervision/dia', text: 'El día de la agencia' },
  ],
};

/** The signed-in officer with the session's access token (what a page calls the API with). */
export type SignedInOfficer = Officer & { token: string; session: OfficerSession };

/** The sign-in machinery the officers' pages share (ADR 0021). */
export class OfficerAuth {
  constructor(
    readonly sessions: OfficerSessions,
    readonly log: OfficerAccessLog,
    readonly oidc: OfficerOidc | undefined,
    readonly secureCookies: boolean,
  ) {}

  /**
   * Writes the access-log row of `event`; when it cannot be written, answers the officers' 503
   * page here and says false: the caller then shows nothing and does nothing (fail closed, as
   * the codec's read log).
   */
  async logged(req: OfficerRequest, res: Response, event: OfficerAccessEvent, officer: Partial<Officer> | undefined, reason?: string): Promise<boolean> {
    try {
      await this.log.record(req, event, officer, reason);
      return true;
    } catch (err) {
      if (!(err instanceof OfficerAccessLogUnavailable)) throw err;
      process.stderr.write(`web: ${err.message}; ${event} refused\n`);
      accessLogUnavailable(req, res);
      return false;
    }
  }

  /**
   * The signed-in officer when their role may see this page; otherwise the answer is given
   * here (a GET goes to the sign-in and comes back; a wrong role gets a 403 page, logged).
   */
  async require(req: OfficerRequest, res: Response, roles: readonly OfficerRole[]): Promise<SignedInOfficer | undefined> {
    const s = officerSessionOf(req);
    if (!s.officer || !s.accessToken) {
      if (req.method === 'GET') res.redirect(303, `${OFFICER_PATH}/ingresar?volver=${encodeURIComponent(req.originalUrl)}`);
      else
        renderOfficer(
          req,
          res,
          'oficina/error.njk',
          { title: 'Su sesión terminó', message: 'Ingrese de nuevo para continuar.', restart: `${OFFICER_PATH}/ingresar` },
          401,
        );
      return undefined;
    }
    if (!roles.includes(s.officer.role)) {
      if (!(await this.logged(req, res, 'access_refused', s.officer, `rol ${s.officer.role}; la página es para ${roles.join(', ')}`))) return undefined;
      renderOfficer(
        req,
        res,
        'oficina/error.njk',
        {
          title: 'No tiene acceso a esta página',
          message: `Esta página es solo para: ${roles.map((r) => ROLE_NAMES[r]).join(', ')}. Su rol es ${ROLE_NAMES[s.officer.role]}.`,
        },
        403,
      );
      return undefined;
    }
    return { ...s.officer, token: s.accessToken, session: s };
  }
}

/**
 * Renders an officer's page: the shell (name, role, agency, sign-out, navigation), the session's
 * CSRF token and its idle deadline (the warning before it lapses), and, once after signing in
 * again, the draft of a form posted on this page after the session lapsed: merged into the page's
 * `values` (pages that fill their form from them) and handed to the officers' script, which fills
 * any other field by its name (public/oficina-sesion.js).
 */
export function renderOfficer(req: OfficerRequest, res: Response, view: string, context: Record<string, unknown> = {}, status = 200): void {
  const s = officerSessionOf(req);
  const o = s.officer;
  const draft = req.method === 'GET' && status === 200 ? takeDraft(s, req.path) : undefined;
  const pageValues = context['values'] && typeof context['values'] === 'object' ? (context['values'] as Record<string, unknown>) : {};
  res.status(status).render(view, {
    csrfToken: s.csrf,
    currentPath: req.path,
    officer: o ? { ...o, roleName: ROLE_NAMES[o.role] } : undefined,
    nav: o ? OFFICER_NAV[o.role].map((n) => ({ ...n, current: n.href === req.path })) : [],
    sessionIdleSeconds: o ? idleSecondsLeft(s) : undefined,
    ...context,
    ...(draft ? { values: { ...pageValues, ...draft }, restoredForm: JSON.stringify(draft) } : {}),
  });
}

/** The officers' page when the access log cannot be written: nothing of the page, nothing done (503). */
export function accessLogUnavailable(req: OfficerRequest, res: Response): void {
  const context = {
    title: 'No se pudo registrar el acceso',
    message:
      'El registro de accesos de la oficina virtual no responde, y nada se muestra ni se hace sin quedar registrado. Inténtelo de nuevo en unos minutos.',
  };
  if (req.officerSession) renderOfficer(req, res, 'oficina/error.njk', context, 503);
  else res.status(503).render('oficina/error.njk', { ...context, currentPath: req.path, nav: [] });
}
