import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { SqlRepository } from '../sql/sql-repository';

export type OfficerRole = 'case_manager' | 'legal_unit' | 'auditor' | 'admin' | 'supervisor';
export const OFFICER_ROLES: readonly OfficerRole[] = ['case_manager', 'legal_unit', 'auditor', 'admin', 'supervisor'];

export interface DevOfficer {
  username: string;
  sub: string;
  name: string;
  role: OfficerRole;
  agencyId: string | null;
  province: string | null;
}

/** A demo officer of `npm start` with the password printed at start-up (development database only). */
export interface DemoOfficer extends DevOfficer {
  password: string;
}

/** Demo officers: case managers of two agencies, a supervisor, legal units of two provinces, an auditor, an administrator. */
export const DEMO_OFFICERS: readonly DemoOfficer[] = [
  {
    username: 'gestor.quito',
    sub: 'officer-uio-norte-1',
    name: 'Ana Gestora Quito',
    role: 'case_manager',
    agencyId: 'UIO-NORTE',
    province: 'PICHINCHA',
    password: 'Gestor-Quito-2026',
  },
  {
    username: 'gestor.guayaquil',
    sub: 'officer-gye-centro-1',
    name: 'Luis Gestor Guayaquil',
    role: 'case_manager',
    agencyId: 'GYE-CENTRO',
    province: 'GUAYAS',
    password: 'Gestor-Gye-2026',
  },
  {
    username: 'supervisor.quito',
    sub: 'supervisor-uio-norte-1',
    name: 'Carmen Supervisora Quito',
    role: 'supervisor',
    agencyId: 'UIO-NORTE',
    province: 'PICHINCHA',
    password: 'Supervisor-Quito-2026',
  },
  {
    username: 'juridico.pichincha',
    sub: 'legal-pichincha-1',
    name: 'María Abogada Pichincha',
    role: 'legal_unit',
    agencyId: null,
    province: 'PICHINCHA',
    password: 'Juridico-Pich-2026',
  },
  {
    username: 'juridico.guayas',
    sub: 'legal-guayas-1',
    name: 'Jorge Abogado Guayas',
    role: 'legal_unit',
    agencyId: null,
    province: 'GUAYAS',
    password: 'Juridico-Guayas-2026',
  },
  { username: 'auditor', sub: 'auditor-1', name: 'Rosa Auditora', role: 'auditor', agencyId: null, province: null, password: 'Auditor-2026' },
  { username: 'admin', sub: 'admin-1', name: 'Pedro Administrador', role: 'admin', agencyId: null, province: null, password: 'Admin-2026' },
];

/** scrypt with a random salt: `scrypt$salt$hash` (the embedded provider's accounts only). */
export function hashOfficerPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, 32).toString('base64url')}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const given = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(given, expected);
}

const COLUMNS = `username, sub, name, role, agency_id AS "agencyId", province`;

/** The embedded OpenID provider's officers (ADR 0021): who they are and the role the administrator gave them. */
export class DevOfficerRepository extends SqlRepository {
  /**
   * Inserts the demo officers that are missing (a role changed later is kept), and names them in
   * the officers' directory (so that a supervisor can hand a case to one who has not signed in yet);
   * answers how many were added.
   */
  async seed(officers: readonly DemoOfficer[] = DEMO_OFFICERS): Promise<number> {
    let added = 0;
    for (const o of officers) {
      const rows = (await this.db.query(
        `INSERT INTO dev_officers (username, sub, name, role, agency_id, province, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (username) DO NOTHING RETURNING username`,
        [o.username, o.sub, o.name, o.role, o.agencyId, o.province, hashOfficerPassword(o.password)],
      )) as unknown[];
      added += rows.length;
      await this.db.query(
        `INSERT INTO officer_directory (officer_id, name, role, agency_id, province) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (officer_id) DO NOTHING`,
        [o.sub, o.name, o.role, o.agencyId, o.province],
      );
    }
    return added;
  }

  /** The officer whose username and password match, or undefined. */
  async authenticate(username: string, password: string): Promise<DevOfficer | undefined> {
    const rows = (await this.db.query(`SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM dev_officers WHERE username = $1`, [
      username.trim().toLowerCase(),
    ])) as Array<DevOfficer & { passwordHash: string }>;
    const found = rows[0];
    if (!found || !passwordMatches(password, found.passwordHash)) return undefined;
    const { passwordHash: _hash, ...officer } = found;
    return officer;
  }

  async bySub(sub: string): Promise<DevOfficer | undefined> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM dev_officers WHERE sub = $1`, [sub])) as DevOfficer[];
    return rows[0];
  }

  async list(): Promise<DevOfficer[]> {
    return (await this.db.query(`SELECT ${COLUMNS} FROM dev_officers ORDER BY role, username`)) as DevOfficer[];
  }

  /** Sets an officer's role and scope; answers the officer, or undefined when there is none. */
  async setRole(username: string, role: OfficerRole, agencyId: string | null, province: string | null): Promise<DevOfficer | undefined> {
    const rows = (await this.db.query(
      `UPDATE dev_officers SET role = $2, agency_id = $3, province = $4, updated_at = now() WHERE username = $1 RETURNING ${COLUMNS}`,
      [username, role, agencyId, province],
    )) as [DevOfficer[], number] | DevOfficer[];
    const list = Array.isArray(rows[0]) ? (rows[0] as DevOfficer[]) : (rows as DevOfficer[]);
    return list[0];
  }
}
