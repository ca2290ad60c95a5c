/** What the database benches share: percentiles, and the timing of a call with EXPLAIN ANALYZE (Explaining, libs/persistence). */
import { type Queryable } from '@tramites/persistence';
import { Explaining } from '@tramites/testing/rows';

export { Explaining };

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
export const round = (n: number): number => Math.round(n * 100) / 100;
export const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

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

/** A call of a bench: its statements go through `q`; `i` is the run's number (to vary parameters). */
export type BenchCall = (q: Queryable, i: number) => Promise<unknown>;
export interface CallTiming {
  dbP50: number;
  dbP95: number;
  dbMax: number;
  clientP95: number;
  indexes: string[];
}

/**
 * `warmUp` plain runs of the call, then `samples` runs each twice: under EXPLAIN ANALYZE (PostgreSQL's
 * execution time summed over its statements; the indexes of the first run's plans) and plain (the client's time).
 */
export async function timeCall(db: Queryable, call: BenchCall, samples: number, warmUp: number): Promise<CallTiming> {
  const dbMs: number[] = [];
  const clientMs: number[] = [];
  let indexes = new Set<string>();
  for (let i = 0; i < warmUp; i += 1) await call(db, i);
  for (let i = 0; i < samples; i += 1) {
    const ex = new Explaining(db);
    await call(ex, i);
    dbMs.push(ex.ms);
    if (i === 0) indexes = ex.plans.reduce<Set<string>>((s, p) => indexesOf(p, s), new Set());
    const start = process.hrtime.bigint();
    await call(db, i);
    clientMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {
    dbP50: round(pct(dbMs, 50)),
    dbP95: round(pct(dbMs, 95)),
    dbMax: round(Math.max(...dbMs)),
    clientP95: round(pct(clientMs, 95)),
    indexes: [...indexes],
  };
}
