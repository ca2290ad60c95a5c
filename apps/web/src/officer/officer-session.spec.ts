import { officerFromClaims } from './oidc';
import type { Response } from 'express';
import {
  keptForm,
  reauthenticateKeeping,
  reauthenticationUrl,
  requireRecentAuth,
  safeReturnPath,
  type OfficerRequest,
  type OfficerSession,
} from './officer-session';

const session = (authTimeSecondsAgo?: number): OfficerSession => ({
  id: 'x'.repeat(32),
  csrf: 'y'.repeat(32),
  expiresAt: Date.now() + 60_000,
  absoluteExpiresAt: Date.now() + 3_600_000,
  officer: { sub: 'legal-1', name: 'María', role: 'legal_unit', province: 'PICHINCHA' },
  ...(authTimeSecondsAgo !== undefined ? { authTime: Math.floor(Date.now() / 1000) - authTimeSecondsAgo } : {}),
});

describe('the officers sessions', () => {
  it('requireRecentAuth: true only when the password was typed within the minutes given', () => {
    expect(requireRecentAuth(session(60), 5)).toBe(true);
    expect(requireRecentAuth(session(6 * 60), 5)).toBe(false);
    expect(requireRecentAuth(session(), 5)).toBe(false);
    expect(requireRecentAuth({ ...session(10), officer: undefined }, 5)).toBe(false);
  });

  it('comes back only to a path of the officers pages, never to another site', () => {
    expect(safeReturnPath('/oficina/juridico/poderes/1?x=2')).toBe('/oficina/juridico/poderes/1?x=2');
    expect(safeReturnPath('/oficina?vuelta=1')).toBe('/oficina?vuelta=1');
    for (const bad of ['https://evil.example/', '//evil.example', '/oficina//evil.example', '/turno', '/oficinas', undefined])
      expect(safeReturnPath(bad)).toBe('/oficina');
    expect(reauthenticationUrl('/oficina/juridico')).toBe('/oficina/ingresar?reautenticar=1&volver=%2Foficina%2Fjuridico');
  });

  it('keeps a form across a re-authentication and hands it back once, on its own page after confirming only', () => {
    const s = session(600);
    const req = { officerSession: s } as unknown as OfficerRequest;
    let location = '';
    const res = { redirect: (_status: number, to: string) => (location = to) } as unknown as Response;
    reauthenticateKeeping(req, res, '/oficina/escritorio/tramites/1', { motivo: 'Misma persona' });
    expect(location).toBe(reauthenticationUrl('/oficina/escritorio/tramites/1?confirmar=1'));
    expect(keptForm(req, '/oficina/escritorio/tramites/2', '1')).toBeUndefined();
    expect(keptForm(req, '/oficina/escritorio/tramites/1', undefined)).toBeUndefined();
    expect(keptForm(req, '/oficina/escritorio/tramites/1', '1')).toEqual({ motivo: 'Misma persona' });
    expect(keptForm(req, '/oficina/escritorio/tramites/1', '1')).toBeUndefined();
  });

  it('takes role, agency and province from the claims, and refuses a role or scope that is missing', () => {
    expect(officerFromClaims({ sub: 'o1', name: 'Ana', role: 'case_manager', agency_id: 'UIO-NORTE', iss: 'i', aud: 'a', exp: 1, iat: 1 })).toEqual({
      sub: 'o1',
      name: 'Ana',
      role: 'case_manager',
      agencyId: 'UIO-NORTE',
    });
    expect(officerFromClaims({ sub: 'o1', role: 'case_manager', iss: 'i', aud: 'a', exp: 1, iat: 1 })).toHaveProperty('refused');
    expect(officerFromClaims({ sub: 'o1', role: 'legal_unit', iss: 'i', aud: 'a', exp: 1, iat: 1 })).toHaveProperty('refused');
    expect(officerFromClaims({ sub: 'o1', role: 'applicant', iss: 'i', aud: 'a', exp: 1, iat: 1 })).toHaveProperty('refused');
  });
});
