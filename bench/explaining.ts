/** What the database benches share: percentiles, and a Queryable that times each statement with EXPLAIN ANALYZE. */
import type { Queryable } from '@tramites/persistence';

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
export const round = (n: number): number => Math.round(n * 100) / 100;
export const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

/** A Queryable that runs each statement under EXPLAIN ANALYZE, adds up PostgreSQL's execution times, then answers the statement's rows. */
export class Explaining implements Queryable {
  ms = 0;
  plans: unknown[] = [];
  constructor(private readonly db: Queryable) {}
  async query(sql: string, params?: unknown[]): Promise<unknown> {
    const rows = (await this.db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as Array<{
      'QUERY PLAN': Array<{ 'Execution Time': number; Plan: unknown }>;
    }>;
    const plan = rows[0]?.['QUERY PLAN'][0];
    this.ms += plan?.['Execution Time'] ?? 0;
    this.plans.push(plan?.Plan);
    // The statement's own rows, so the caller decides its next statement as it would (not timed).
    return this.db.query(sql, params);
  }
}

/** The index names a plan reads. */
export function indexesOf(plan: unknown, out = new Set<string>()): Set<string> {
  if (plan && typeof plan === 'object') {
    const node = plan as Record<string, unknown>;
    if (typeof node['Index Name'] === 'string') out.add(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') out.add(`Seq Scan on ${String(node['Relation Name'])}`);
    for (const child of (node['Plans'] as unknown[] | undefined) ?? []) indexesOf(child, out);
  }
  return out;
}
