import type { DataSource } from 'typeorm';

/**
 * Registry rows of a development installation, so that the portal-password procedures
 * (003 affiliate, 004 employer) can be tried on `npm start` without IESS's registries.
 * They are written only into the embedded development database, never elsewhere.
 */
export const DEMO_AFFILIATES = [
  {
    identityNumber: '1712345675',
    fullName: 'Ana Lucía Torres Vega',
    birthDate: '1988-04-17',
    email: 'ana.torres@example.ec',
    history: [
      { employerRuc: '1790001237001', employerName: 'Comercial Andina S.A.', startedOn: '2012-03-01' },
      { employerRuc: '0990004560001', employerName: 'Exportadora del Pacífico Cía. Ltda.', startedOn: '2018-08-15' },
    ],
  },
  {
    identityNumber: '0918765439',
    fullName: 'Jorge Enrique Salazar Mina',
    birthDate: '1979-11-02',
    email: 'jorge.salazar@example.ec',
    history: [
      { employerRuc: '0990004560001', employerName: 'Exportadora del Pacífico Cía. Ltda.', startedOn: '2009-01-05' },
      { employerRuc: '1790001237001', employerName: 'Comercial Andina S.A.', startedOn: '2015-06-01' },
    ],
  },
  // 003, Requisitos Específicos: a foreigner identifies with the «Código de identificación para extranjero»
  // (12 digits, ADR 0002) that sheets 000/001 issued; these two hold one and are affiliated.
  {
    identityNumber: '948172039561',
    fullName: 'María Fernanda Rodríguez Peñaloza',
    birthDate: '1991-09-23',
    email: 'maria.rodriguez.penaloza@example.com',
    history: [
      { employerRuc: '1790001237001', employerName: 'Comercial Andina S.A.', startedOn: '2019-02-01' },
      { employerRuc: '0990004560001', employerName: 'Exportadora del Pacífico Cía. Ltda.', startedOn: '2022-05-16' },
    ],
  },
  {
    identityNumber: '962503817943',
    fullName: 'Yusleidy Mendoza Páez',
    birthDate: '1994-02-11',
    email: 'yusleidy.mendoza.paez@example.com',
    history: [
      { employerRuc: '0990004560001', employerName: 'Exportadora del Pacífico Cía. Ltda.', startedOn: '2020-10-05' },
      { employerRuc: '1790001237001', employerName: 'Comercial Andina S.A.', startedOn: '2023-03-13' },
    ],
  },
] as const;

export const DEMO_EMPLOYERS = [
  {
    id: '1790001237001',
    name: 'Comercial Andina S.A.',
    province: 'PICHINCHA',
    email: 'clave.patronal@comercialandina.example.ec',
    legalRepIdentity: '1712345675',
    legalRepName: 'Ana Lucía Torres Vega',
    keyRequestNumber: 'SEC-DEMO-0001',
  },
  {
    id: '0990004560001',
    name: 'Exportadora del Pacífico Cía. Ltda.',
    province: 'GUAYAS',
    email: 'clave.patronal@exportadora.example.ec',
    legalRepIdentity: '0918765439',
    legalRepName: 'Jorge Enrique Salazar Mina',
    keyRequestNumber: 'SEC-DEMO-0002',
  },
  // 004, Requisitos alternativos: a foreign employer without cédula, registered by its passport (uploads passport, visa or foreigner code).
  {
    id: 'PA7788990',
    idType: 'passport',
    name: 'María Fernanda Quiñónez Etxeberría',
    province: 'PICHINCHA',
    email: 'maria.quinonez.etxeberria@example.com',
    legalRepIdentity: 'PA7788990',
    legalRepName: 'María Fernanda Quiñónez Etxeberría',
    keyRequestNumber: 'SEC-DEMO-0003',
  },
  // 004, Requisito adicional: a qualified artisan (uploads the Calificación Artesanal too).
  {
    id: '1712345675001',
    name: 'Taller de Ebanistería Torres Vega',
    province: 'PICHINCHA',
    email: 'taller.torres@example.ec',
    legalRepIdentity: '1712345675',
    legalRepName: 'Ana Lucía Torres Vega',
    keyRequestNumber: 'SEC-DEMO-0004',
    artisanQualification: 'JNDA-2019-04417',
  },
] as const;

/** Inserts the demo affiliates and employers that are missing; the number of rows added. */
export async function seedDemoRegistry(db: DataSource): Promise<number> {
  let added = 0;
  for (const a of DEMO_AFFILIATES) {
    const rows: unknown[] = await db.query(
      `INSERT INTO affiliates (identity_number, full_name, birth_date, email) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING identity_number`,
      [a.identityNumber, a.fullName, a.birthDate, a.email],
    );
    if (rows.length === 0) continue;
    added += 1;
    for (const h of a.history) {
      await db.query('INSERT INTO affiliate_work_history (identity_number, employer_ruc, employer_name, started_on) VALUES ($1, $2, $3, $4)', [
        a.identityNumber,
        h.employerRuc,
        h.employerName,
        h.startedOn,
      ]);
    }
  }
  for (const e of DEMO_EMPLOYERS) {
    const rows: unknown[] = await db.query(
      `INSERT INTO employers (id, id_type, name, province, email, legal_rep_identity, legal_rep_name, key_request_number, key_request_at,
                              is_artisan, artisan_qualification)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
      [
        e.id,
        'idType' in e ? e.idType : 'ruc',
        e.name,
        e.province,
        e.email,
        e.legalRepIdentity,
        e.legalRepName,
        e.keyRequestNumber,
        'artisanQualification' in e,
        'artisanQualification' in e ? e.artisanQualification : null,
      ],
    );
    added += rows.length;
  }
  return added;
}
