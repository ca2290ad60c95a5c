import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model's lists and counts are index-only scans (ADR 0023): they skip the heap only for the
 * pages that the visibility map marks all-visible, and only VACUUM sets those marks. `cases` is rewritten
 * by every event of a case, so with PostgreSQL's defaults (a vacuum after 20% of the rows changed: 200,000
 * at 1,000,000 cases) a large share of its pages would be read for every capped count. Measured on 100,000
 * rows of the bench's generator, the agency's overdue list (page and capped count): 2.5 ms p50 before a
 * vacuum, 0.37 ms after. Vacuum and analyze `cases` and `poder_reviews` after 2% of their rows changed.
 */
export class ReadModelAutovacuum1700000001850 implements MigrationInterface {
  name = 'ReadModelAutovacuum1700000001850';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['cases', 'poder_reviews']) {
      await q.query(
        `ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['cases', 'poder_reviews']) {
      await q.query(`ALTER TABLE ${table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)`);
    }
  }
}
