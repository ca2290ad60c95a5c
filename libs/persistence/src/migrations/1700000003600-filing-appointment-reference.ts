import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 004 at the window (ADR 0030, amended): the reference of the «Confirmación del Turno en Línea» the
 * person presents, beside who files the case. Null for the cases whose turno the system booked.
 */
export class FilingAppointmentReference1700000003600 implements MigrationInterface {
  name = 'FilingAppointmentReference1700000003600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_filings ADD COLUMN appointment_reference text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_filings DROP COLUMN appointment_reference`);
  }
}
