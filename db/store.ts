/**
 * The store adapters: D1 (in workerd) and libSQL (`@libsql/client`), behind one drizzle
 * handle. Code above this line never asks which one it has, except to report it.
 *
 * Every call the adapter sends to the database goes through one wrapper around the client
 * (`CountedD1`, `CountedLibsql`), which is the single place where round trips are counted
 * (a `batch` of several statements is one), timed, and — for the bench's `--rtt N` only —
 * delayed. `forRequest` gives each request its own meter and, on D1, its own Sessions API
 * session (read replication: docs/edge-api.md, "Consistency").
 *
 * `dryRun()` gives the same database read-only (`?dryRun=true`, issue 15): the same wrappers
 * refuse every statement that is not a read — a `batch`, a raw `db.insert(…)`, `.run()` or
 * `exec` alike — so no write path can bypass it. The first refusal is remembered (`dry.stop`).
 */
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Client, InArgs, InStatement, TransactionMode } from '@libsql/client';
import * as tables from './all-schema.ts';
import { RoundTrips } from './meter.ts';
import { aliasResultColumns } from './batch-columns.ts';
import type { PreparedReads } from './prepared-reads.ts';
import type { TupleWrite } from './authz/tuple-write-statements.ts';

/**
 * Every table, by its TypeScript name (the keys of the rows the seed builds): the module
 * drizzle-kit generates the migrations from, so it is never a hand-kept list.
 */
export const SCHEMA = { ...tables };

/**
 * Without the relational query API (`db.query.*`, unused): drizzle would rebuild its relational
 * config of every table for each request's handle (~10% of a warm check's CPU on Node, issue 17).
 */
export type Db = BaseSQLiteDatabase<'async', unknown>;
export type StoreKind = 'd1' | 'libsql';

/** Where a request's D1 session starts: at the primary, or at any replica that has reached a bookmark. */
export type SessionStart = 'first-primary' | { bookmark: string };

export type RequestStoreOptions = {
  /** D1 only (libSQL has no replicas here): default `first-primary`. */
  session?: SessionStart;
  /** Bench only (`--rtt N`, `LAMINATE_DB_DELAY_MS`): milliseconds added before every round trip. */
  delayMs?: number;
};

export interface Store {
  readonly kind: StoreKind;
  readonly db: Db;
  /**
   * The first row of one read in one round trip, as an array in the select list's order: for the
   * hot statements whose text is built once (a warm check's revision read, db/authz/state.ts),
   * without drizzle's per-call building and row mapping; on a local libSQL file, prepared once
   * (db/prepared-reads.ts). Refuses anything but a read.
   */
  readRow(sql: string, args: readonly unknown[]): Promise<ArrayLike<unknown> | undefined>;
  /** Runs the statements in one transaction: all of them take effect, or none. */
  batch(statements: readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]): Promise<readonly unknown[]>;
  /** Every round trip sent through this store (one per request: see `forRequest`). */
  readonly meter: RoundTrips;
  /** D1: the Sessions API bookmark after this store's latest query (undefined on libSQL, or before any query). */
  bookmark(): string | undefined;
  /** A database in this process (a libSQL `file:` client): a "round trip" costs no network. */
  readonly local: boolean;
  /** The same database for one request: its own meter, its own D1 session, the bench's delay. */
  forRequest(options?: RequestStoreOptions): Store;
  /**
   * The same database, meter and session, read-only: every statement that is not a read throws
   * `DryRunStop` (recorded in the returned store's `dry`) instead of reaching the database.
   */
  dryRun(): Store;
  /** On a dry-run store only: its state (the stop of its first refused write). */
  readonly dry?: DryRun;
}

/** Thrown by a dry-run store's first write (and again by any later one); never leaves the request. */
export class DryRunStop extends Error {
  override name = 'DryRunStop';
  constructor(
    /** The SQL it refused to send. */
    readonly statements: readonly string[],
    /** The tuples the write would have written (`writeWithTuples` names them; a raw write, none). */
    readonly tuples: TupleWrite,
  ) {
    super('dry run: nothing written');
  }
}

/** A dry-run store's state: the first write it refused. */
export class DryRun {
  stop: DryRunStop | undefined;
  /** Records the first refused write (later ones get the same stop) and returns the stop to throw. */
  refuse(statements: readonly string[], tuples: TupleWrite = { writes: [], deletes: [] }): DryRunStop {
    this.stop ??= new DryRunStop(statements, tuples);
    return this.stop;
  }
  /** Lets reads through; throws the stop for anything else. */
  check(statements: readonly string[]): void {
    if (!statements.every(isRead)) throw this.refuse(statements);
  }
}

/** A statement that only reads: a SELECT, or a WITH whose main statement is one. */
export function isRead(sql: string): boolean {
  const text = sql.trimStart().toLowerCase();
  if (text.startsWith('select')) return true;
  return text.startsWith('with') && !/\)\s*(insert|update|delete|replace)\b/.test(text);
}

const sqlOf = (s: InStatement) => (typeof s === 'string' ? s : s.sql);

/** What the wrappers do around each round trip. */
class Trips {
  constructor(
    readonly meter: RoundTrips,
    private readonly delayMs: number,
    /** Set on a dry-run store's wrappers: checked before anything is sent. */
    readonly dry?: DryRun,
  ) {}

  /** The same meter and delay, refusing writes. */
  readOnly(dry: DryRun): Trips {
    return new Trips(this.meter, this.delayMs, dry);
  }

  /** Sends one round trip; `sql` is what it carries (a dry-run store lets only reads through). */
  async trip<T>(sql: readonly string[], send: () => Promise<T>): Promise<T> {
    this.dry?.check(sql);
    const start = performance.now();
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return await send();
    } finally {
      this.meter.record(performance.now() - start);
    }
  }
}

type D1Like = Pick<D1Database, 'prepare' | 'batch'> & { exec?: D1Database['exec'] };

class CountedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly trips: Trips,
    readonly sql: string,
    readonly values: unknown[] = [],
  ) {}
  bind(...values: unknown[]) {
    return new CountedStatement(this.inner.bind(...values), this.trips, this.sql, values);
  }
  first(column?: string) {
    return this.trips.trip([this.sql], () => (column === undefined ? this.inner.first() : this.inner.first(column)));
  }
  run() {
    return this.trips.trip([this.sql], () => this.inner.run());
  }
  all() {
    return this.trips.trip([this.sql], () => this.inner.all());
  }
  raw(options?: { columnNames?: boolean }) {
    return this.trips.trip([this.sql], () => this.inner.raw(options as { columnNames?: false }));
  }
}

/** A D1 binding or session whose every call is one counted round trip. */
class CountedD1 {
  constructor(
    /** The binding or session, made on first use (a store that sends nothing starts no session). */
    private readonly connect: () => D1Like,
    private readonly trips: Trips,
  ) {}
  private get inner(): D1Like {
    return this.connect();
  }
  prepare(query: string) {
    return new CountedStatement(this.inner.prepare(query), this.trips, query);
  }
  batch(statements: (CountedStatement | D1PreparedStatement)[]) {
    // joined SELECTs keep every column in a batch (db/batch-columns.ts)
    const sent = statements.map((s) => {
      if (!(s instanceof CountedStatement)) return s;
      const sql = aliasResultColumns(s.sql);
      return sql === s.sql ? s.inner : this.inner.prepare(sql).bind(...s.values);
    });
    // a statement prepared elsewhere (not through this wrapper) has no SQL to show: never a read
    const sql = statements.map((s) => (s instanceof CountedStatement ? s.sql : ''));
    return this.trips.trip(sql, () => this.inner.batch(sent));
  }
  exec(query: string) {
    const exec = this.inner.exec;
    if (!exec) throw new Error('exec is not available in a D1 session');
    return this.trips.trip([query], () => exec.call(this.inner, query));
  }
}

/** A libSQL client whose every call is one counted round trip (interactive transactions are not used). */
class CountedLibsql {
  constructor(
    private readonly inner: Client,
    private readonly trips: Trips,
  ) {}
  get protocol() {
    return this.inner.protocol;
  }
  get closed() {
    return this.inner.closed;
  }
  execute(statement: InStatement) {
    return this.trips.trip([sqlOf(statement)], () => this.inner.execute(statement));
  }
  batch(statements: InStatement[], mode?: TransactionMode) {
    return this.trips.trip(statements.map(sqlOf), () => this.inner.batch(statements, mode));
  }
  migrate(statements: InStatement[]) {
    return this.trips.trip(statements.map(sqlOf), () => this.inner.migrate(statements));
  }
  executeMultiple(sql: string) {
    return this.trips.trip([sql], () => this.inner.executeMultiple(sql));
  }
  transaction(mode?: TransactionMode) {
    this.trips.dry?.check([`begin ${mode ?? ''}`]);
    return this.inner.transaction(mode);
  }
  sync() {
    return this.inner.sync();
  }
  close() {
    this.inner.close();
  }
}

/** What a store is made of: all but the drizzle handle, which `drizzleOver` makes over a wrapper's `Trips`. */
type Parts = Pick<Store, 'kind' | 'local' | 'meter' | 'bookmark' | 'forRequest'> & {
  drizzleOver(trips: Trips): Db & { batch: Store['batch'] };
  /** Sends one read (counted by the caller's `trips`). */
  readRow(sql: string, args: readonly unknown[]): Promise<ArrayLike<unknown> | undefined>;
};

/** A store over `trips`; its `dryRun()` is the same store over read-only trips (same meter, same session). */
function storeOver(parts: Parts, trips: Trips, dry?: DryRun): Store {
  // made on first use: a warm check sends only `readRow` and never needs drizzle's handle (its
  // session, dialect and database objects were a per-request allocation on the hot path)
  let db: (Db & { batch: Store['batch'] }) | undefined;
  const handle = () => {
    db ??= parts.drizzleOver(trips);
    return db;
  };
  const store: Store = {
    kind: parts.kind,
    local: parts.local,
    get db() {
      return handle();
    },
    readRow: (sql, args) =>
      isRead(sql)
        ? trips.trip([sql], () => parts.readRow(sql, args))
        : Promise.reject(new Error(`readRow sends reads only: ${sql.slice(0, 40)}`)),
    batch: (s) => handle().batch(s),
    meter: parts.meter,
    bookmark: parts.bookmark,
    // a dry run stays one: what it hands on (a background load) is refused too
    forRequest: dry ? () => store : parts.forRequest,
    dryRun: () => {
      const next = new DryRun();
      return storeOver(parts, trips.readOnly(next), next);
    },
    ...(dry ? { dry } : {}),
  };
  return store;
}

export function d1Store(binding: D1Database, options: RequestStoreOptions = {}): Store {
  const meter = new RoundTrips();
  const start = options.session ?? 'first-primary';
  // A session per request (read replication), started at its first query; a binding without the
  // Sessions API is used as is.
  let session: D1DatabaseSession | undefined;
  let inner: D1Like | undefined;
  const connect = (): D1Like =>
    (inner ??=
      typeof binding.withSession === 'function'
        ? (session = binding.withSession(start === 'first-primary' ? start : start.bookmark))
        : binding);
  const parts: Parts = {
    kind: 'd1',
    local: false,
    meter,
    bookmark: () => session?.getBookmark() ?? undefined,
    forRequest: (next = {}) => d1Store(binding, next),
    readRow: async (sql, args) =>
      (
        await connect()
          .prepare(sql)
          .bind(...args)
          .raw()
      )[0],
    drizzleOver: (trips) =>
      drizzleD1(new CountedD1(connect, trips) as unknown as D1Database) as unknown as Db & {
        batch: Store['batch'];
      },
  };
  return storeOver(parts, new Trips(meter, options.delayMs ?? 0));
}

export type LibsqlStoreOptions = RequestStoreOptions & {
  /**
   * The client's local file (its `file:` URL's path, db/prepared-reads.ts `localPathOf`): hot
   * reads then go through statements prepared once on a connection of their own.
   */
  prepared?: PreparedReads;
};

export function libsqlStore(client: Client, options: LibsqlStoreOptions = {}): Store {
  const meter = new RoundTrips();
  const prepared = options.prepared;
  const parts: Parts = {
    kind: 'libsql',
    local: client.protocol === 'file',
    meter,
    bookmark: () => undefined,
    forRequest: (next = {}) => libsqlStore(client, { ...next, ...(prepared ? { prepared } : {}) }),
    readRow: prepared
      ? async (sql, args) => prepared.row(sql, args)
      : async (sql, args) => (await client.execute({ sql, args: args as InArgs })).rows[0],
    drizzleOver: (trips) =>
      drizzleLibsql({ client: new CountedLibsql(client, trips) as unknown as Client }) as unknown as Db & {
        batch: Store['batch'];
      },
  };
  return storeOver(parts, new Trips(meter, options.delayMs ?? 0));
}

/**
 * Several reads in ONE round trip (a batch, so also one consistent snapshot of the database),
 * typed as if each had been awaited on its own.
 */
export function readTogether<const T extends readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]>(
  store: Store,
  queries: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  return store.batch(queries) as never;
}
