import type { Store } from '../db/store.ts';

/** Bindings declared in wrangler.toml (and `.dev.vars` / secrets). */
export type Bindings = {
  DB: D1Database;
  ASSETS?: Fetcher;
  /** File contents (R22), in R2; absent on Node, where a local folder stands in (worker/files). */
  FILES?: R2Bucket;
  /** When set, the Worker talks to this libSQL server instead of D1 (`libsql://`, `https://`). */
  LIBSQL_URL?: string;
  LIBSQL_AUTH_TOKEN?: string;
  /** Operator bearer token for the OpenFGA API (issue 4); unset = only issued keys work. */
  LAMINATE_ADMIN_KEY?: string;
  /** Invitation mail (R7) goes through Resend with this key; without it, into the local outbox. */
  RESEND_API_KEY?: string;
  /** Points the Resend SDK elsewhere (a test stub); default https://api.resend.com. */
  RESEND_BASE_URL?: string;
  /** The sender of invitation mail; default `Laminate <no-reply@laminate.test>`. */
  MAIL_FROM?: string;
  /** The workspace's public origin for links in mail; default the request's origin. */
  APP_URL?: string;
  /** "true": anyone may start a workspace at /sign-up (worker/routes/sign-up.ts); unset = invitation-only. */
  ALLOW_SIGN_UP?: string;
  /** Per-API-key request limit (wrangler.toml `[[ratelimits]]`); absent on Node. */
  API_RATE_LIMIT?: RateLimit;
  /** Sign-in attempts per client and login (wrangler.toml `[[ratelimits]]`); absent on Node (worker/auth/sign-in-limit.ts). */
  SIGN_IN_RATE_LIMIT?: RateLimit;
  /** Stores up to this many tuples are held as a MemoryTupleIndex (default 50,000; "0" = never). */
  LAMINATE_SNAPSHOT_MAX_TUPLES?: string;
  /** "1": every answer is checked against its route's declaration (development and tests; worker/middleware/check-response.ts). */
  LAMINATE_VALIDATE_RESPONSES?: string;
  /** Larger stores up to this many are held as a compact snapshot (default from memory; "0" = never: SQL reads). */
  LAMINATE_COMPACT_MAX_TUPLES?: string;
  /**
   * BENCH ONLY (`npm run bench -- --rtt N`): milliseconds added to every database round trip, to
   * show what a reader far from the database waits. Ignored unless the request is addressed to
   * a loopback host (worker/middleware/db-request.ts).
   */
  LAMINATE_DB_DELAY_MS?: string;
};

/** Per-request values set by middleware. */
export type Variables = {
  requestId: string;
  store: Store;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
