import { DataSource, EntityManager } from 'typeorm';

/**
 * What a repository runs its SQL on: the pool (a DataSource), the manager of an open transaction, a
 * query runner, or anything else that answers SQL (the benches' EXPLAIN wrapper). Rows come back as the
 * driver answers them; each repository names their shape.
 */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own query() answers any; each call site names its rows.
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** The executor a repository is built on (ADR 0025). */
export type SqlExecutor = Queryable;

/**
 * The one shape of every repository of libs/persistence (ADR 0025): built on a Queryable (the pool,
 * or a transaction's manager), so the same repository runs alone or inside a caller's transaction.
 * `transaction(work)` hands `work` a copy of the repository bound to one transaction (or to the one
 * already open), so that a use case that mixes SQL and code (hashing, drawing a code) keeps its
 * transaction boundary; `alongside` builds another repository on the same executor.
 */
export abstract class SqlRepository {
  constructor(protected readonly db: Queryable) {}

  /** The same repository on another executor (a transaction's manager). */
  protected on(db: Queryable): this {
    return new (this.constructor as new (db: Queryable) => this)(db);
  }

  /** Runs `work` in one transaction; inside a transaction already, in that one. */
  transaction<T>(work: (repository: this) => Promise<T>): Promise<T> {
    const db = this.db;
    if (db instanceof EntityManager) {
      if (db.queryRunner?.isTransactionActive) return work(this.on(db));
      return db.transaction((tx) => work(this.on(tx)));
    }
    if (db instanceof DataSource) return db.transaction((tx) => work(this.on(tx)));
    throw new Error(`${this.constructor.name}: a transaction needs a DataSource or an EntityManager`);
  }

  /** Another repository on the same executor: inside `transaction`, in the same transaction. */
  alongside<R>(repository: new (db: Queryable) => R): R {
    return new repository(this.db);
  }

  /** The pool itself, for what only a pool can do (a connection of its own that LISTENs). */
  protected dataSource(): DataSource {
    if (this.db instanceof DataSource) return this.db;
    throw new Error(`${this.constructor.name}: this needs the pool, not a transaction`);
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
export async function databaseAnswers(db: Queryable): Promise<boolean> {
  await db.query('SELECT 1');
  return true;
}

/**
 * A list's total stops this many rows past the page's first row (ADR 0023): the count reads at most the
 * rows OFFSET skips plus LIST_COUNT_CAP index entries, never every matching row.
 */
export const LIST_COUNT_CAP = 1000;

/** Where a keyset page stopped: the sort value (null for rows without one, listed last) and the id. */
export interface KeysetCursor {
  at: string | null;
  id: string;
}

/** A list page: its rows, the (capped) total, and the cursor of the next page (null on the last). */
export interface ListPage<T> {
  items: T[];
  total: number;
  /** More rows match than `total` (the count stopped at the page's offset + LIST_COUNT_CAP). */
  totalCapped: boolean;
  next: KeysetCursor | null;
}

/**
 * The capped count of the rows `from` and `where` select, as `SELECT count(*)` of at most `cap` + 1 rows.
 * `orderBy` (the list's sort column) steers the planner to an index in the list's order, which it can stop
 * reading after `cap` + 1 entries, instead of a bitmap scan that reads every match before the LIMIT.
 */
export const cappedCountSql = (from: string, where: string, cap: number, orderBy?: string): string =>
  `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${where}${orderBy ? ` ORDER BY ${orderBy}` : ''} LIMIT ${Math.trunc(cap) + 1}) s`;

/** The total as a list page reports it, from the capped count's answer. */
export function cappedTotal(n: number, cap: number): { total: number; totalCapped: boolean } {
  return { total: Math.min(n, cap), totalCapped: n > cap };
}
