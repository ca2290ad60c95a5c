import { DataSource, type EntityManager } from 'typeorm';

/** What a repository runs its SQL on: the pool, or the manager of an open transaction. */
export type SqlExecutor = DataSource | EntityManager;

/**
 * The base of the repositories that take part in a caller's transaction: each is built on
 * the pool or on a transaction's manager, and `transaction(work)` hands `work` a copy of the
 * repository bound to one transaction (or to the one already open), so that a use case that
 * mixes SQL and code (hashing, drawing a code) keeps its transaction boundary.
 */
export abstract class SqlRepository<Self> {
  constructor(protected readonly db: SqlExecutor) {}

  /** The same repository on another executor (a transaction's manager). */
  protected abstract on(db: EntityManager): Self;

  /** Runs `work` in one transaction; inside a transaction already, in that one. */
  transaction<T>(work: (repository: Self) => Promise<T>): Promise<T> {
    if (!(this.db instanceof DataSource) && this.db.queryRunner?.isTransactionActive) return work(this.on(this.db));
    return this.db.transaction((tx) => work(this.on(tx)));
  }

  /** Another repository on the same executor: inside `transaction`, in the same transaction. */
  alongside<R>(repository: new (db: SqlExecutor) => R): R {
    return new repository(this.db);
  }

  protected query<T>(sql: string, parameters?: unknown[]): Promise<T[]> {
    return this.db.query(sql, parameters);
  }

  /** The rows of an UPDATE ... RETURNING (TypeORM answers it with [rows, affected count]). */
  protected async updated<T>(sql: string, parameters?: unknown[]): Promise<T[]> {
    const [rows] = (await this.db.query(sql, parameters)) as [T[], number];
    return rows;
  }

  /** How many rows an UPDATE changed. */
  protected async affected(sql: string, parameters?: unknown[]): Promise<number> {
    const [, count] = (await this.db.query(sql, parameters)) as [unknown, number];
    return count;
  }
}

/** The LIMIT/OFFSET of page `page` (from 1) of `pageSize` rows. */
export const pageClause = (page: number, pageSize: number): string => `LIMIT ${Math.trunc(pageSize)} OFFSET ${Math.trunc((page - 1) * pageSize)}`;

/** A page of rows that carry `count(*) OVER () AS total`: the mapped items and the total. */
export function pageOf<R extends { total: string | number }, T>(rows: R[], item: (row: R) => T): { items: T[]; total: number } {
  return { items: rows.map(item), total: rows[0] ? Number(rows[0].total) : 0 };
}

/** True when the database answers a trivial query (health checks). */
export async function databaseAnswers(db: SqlExecutor): Promise<boolean> {
  await db.query('SELECT 1');
  return true;
}
