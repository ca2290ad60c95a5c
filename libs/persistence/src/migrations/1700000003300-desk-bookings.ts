import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A turno booked at the desk on the applicant's behalf (ADR 0030, assisted booking): the officer who
 * booked it and at which agency, beside who files the case. Null for the applicant's own online
 * booking and for a vulnerable group's walk-in (which has no turno).
 */
export class DeskBookings1700000003300 implements MigrationInterface {
  name = 'DeskBookings1700000003300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_filings ADD COLUMN booked_at_desk_by text, ADD COLUMN booked_at_desk_agency text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_filings DROP COLUMN booked_at_desk_by, DROP COLUMN booked_at_desk_agency`);
  }
}
