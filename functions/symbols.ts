/**
 * Interning: every object, user, type, relation and condition name becomes a small integer
 * once, so the index and the evaluator compare and hash integers, never strings.
 *
 * A term is what appears on either side of a tuple: an object `doc:1`, a wildcard `user:*`,
 * or a userset `group:eng#member` (which also points at its object term and relation).
 * A layered table (for contextual tuples) reads through to its parent and numbers its own
 * new terms from LOCAL_BASE up, so ids from both layers can be mixed freely.
 */
import { growInt32 } from './typed-array-growth.ts';

export const TERM_OBJECT = 0;
export const TERM_WILDCARD = 1;
export const TERM_USERSET = 2;
export const LOCAL_BASE = 1 << 29;

/** Type, relation and condition names: bounded by models, shared by all layers. */
class Names {
  types = new Map<string, number>();
  typeNames: string[] = [];
  rels = new Map<string, number>();
  relType: number[] = [];
  relName: string[] = [];
  conds = new Map<string, number>();
  condNames: string[] = [];
}

/**
 * A term's hash over its UTF-16 code units (FNV-1a), or -1 when a code unit is above 0xff
 * (such terms are rare and live in a plain Map).
 */
function latin1Hash(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return -1;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h & 0x7fffffff;
}

/** A root term table's parts (`Symbols.toParts`). */
export type SymbolParts = {
  types: string[];
  rels: [number, string][];
  conds: string[];
  count: number;
  usersetCount: number;
  wide: [number, string][];
  chars: Uint8Array<ArrayBuffer>;
  starts: Int32Array<ArrayBuffer>;
  info: Int32Array<ArrayBuffer>;
  usersets: Int32Array<ArrayBuffer>;
  table: Int32Array<ArrayBuffer>;
};

export class Symbols {
  private readonly offset: number;
  readonly names: Names;
  /**
   * Term names: Latin-1 bytes back to back in `chars`, term i at [starts[i], starts[i + 1]).
   * A name is looked up through `table`, open addressing with 8-byte slots of (hash, local id);
   * a matching hash finds the bytes to compare through `starts`: three cache lines, where a
   * Map<string> lookup reads its bucket, its entry and the stored string (and a slot that also
   * held start and length cost 8 more bytes a slot — ~9 bytes a tuple in a 1M-tuple compact
   * snapshot). Names with a code unit above 0xff are kept in `wide` instead (their bytes are
   * empty).
   */
  private chars = new Uint8Array(256);
  private starts = new Int32Array(16);
  private count = 0;
  private table = new Int32Array(64 * 2).fill(-1);
  private tableMask = 63;
  private readonly wide = new Map<string, number>();
  private readonly wideNames = new Map<number, string>();
  /**
   * Per term, one word: kind in the low 2 bits; above them the type id, or for a userset term
   * its ordinal in `usersets` (so kind and type of a term are one read, and only usersets pay
   * for their object and relation).
   */
  private info = new Int32Array(0);
  /** Per userset term: type, object term, relation id. */
  private usersets = new Int32Array(0);
  private usersetCount = 0;
  private wildcards = new Map<number, number>();
  /** A cached miss holds until a term is added. */
  private wildcardMissAt = new Map<number, number>();

  constructor(readonly parent: Symbols | null = null) {
    this.offset = parent ? LOCAL_BASE : 0;
    this.names = parent ? parent.names : new Names();
  }

  get termCount(): number {
    return this.count;
  }

  type(name: string): number {
    return this.names.types.get(name) ?? -1;
  }

  internType(name: string): number {
    let id = this.names.types.get(name);
    if (id === undefined) {
      id = this.names.typeNames.length;
      this.names.types.set(name, id);
      this.names.typeNames.push(name);
    }
    return id;
  }

  typeName(id: number): string {
    return this.names.typeNames[id] as string;
  }

  /** The relation `relation` of type `type` (one id per type#relation pair), or -1. */
  rel(type: number, relation: string): number {
    return this.names.rels.get(`${type}#${relation}`) ?? -1;
  }

  internRel(type: number, relation: string): number {
    const key = `${type}#${relation}`;
    let id = this.names.rels.get(key);
    if (id === undefined) {
      id = this.names.relName.length;
      this.names.rels.set(key, id);
      this.names.relType.push(type);
      this.names.relName.push(relation);
    }
    return id;
  }

  relName(id: number): string {
    return this.names.relName[id] as string;
  }

  cond(name: string): number {
    return this.names.conds.get(name) ?? -1;
  }

  internCond(name: string): number {
    let id = this.names.conds.get(name);
    if (id === undefined) {
      id = this.names.condNames.length;
      this.names.conds.set(name, id);
      this.names.condNames.push(name);
    }
    return id;
  }

  condName(id: number): string {
    return this.names.condNames[id] as string;
  }

  /** The id of a term, or -1 when no layer has seen it. */
  term(text: string): number {
    const h = latin1Hash(text);
    const p = this.parent ? this.parent.find(text, h) : -1;
    return p >= 0 ? p : this.find(text, h);
  }

  /** This layer's id of `text` (hash `h` from latin1Hash), or -1. */
  private find(text: string, h: number): number {
    if (h < 0) return this.wide.get(text) ?? -1;
    const tab = this.table;
    const n = text.length;
    let i = h & this.tableMask;
    for (;;) {
      const k = i << 1;
      const id = tab[k + 1] as number;
      if (id === -1) return -1;
      if (tab[k] === h) {
        const start = this.starts[id] as number;
        if ((this.starts[id + 1] as number) - start === n) {
          const chars = this.chars;
          let j = 0;
          while (j < n && chars[start + j] === text.charCodeAt(j)) j++;
          if (j === n) return id + this.offset;
        }
      }
      i = (i + 1) & this.tableMask;
    }
  }

  /** Records the name of the new local term `local`. */
  private store(text: string, local: number): void {
    const h = latin1Hash(text);
    const start = this.starts[local] as number;
    if (h < 0) {
      this.wide.set(text, local + this.offset);
      this.wideNames.set(local, text);
      this.starts = growInt32(this.starts, local + 2);
      this.starts[local + 1] = start;
      return;
    }
    const n = text.length;
    if (start + n > this.chars.length) {
      let len = this.chars.length * 2;
      while (len < start + n) len *= 2;
      const c = new Uint8Array(len);
      c.set(this.chars);
      this.chars = c;
    }
    for (let j = 0; j < n; j++) this.chars[start + j] = text.charCodeAt(j);
    this.starts = growInt32(this.starts, local + 2);
    this.starts[local + 1] = start + n;
    if ((local + 1) * 4 > (this.tableMask + 1) * 3) this.growTable();
    this.place(h, local);
  }

  private place(h: number, local: number): void {
    const tab = this.table;
    let i = h & this.tableMask;
    while (tab[(i << 1) + 1] !== -1) i = (i + 1) & this.tableMask;
    const k = i << 1;
    tab[k] = h;
    tab[k + 1] = local;
  }

  private growTable(): void {
    this.rehash((this.tableMask + 1) * 2);
  }

  /** Rebuilds the lookup table with `cap` slots. */
  private rehash(cap: number): void {
    const old = this.table;
    this.table = new Int32Array(cap * 2).fill(-1);
    this.tableMask = cap - 1;
    for (let k = 0; k < old.length; k += 2) if (old[k + 1] !== -1) this.place(old[k] as number, old[k + 1] as number);
  }

  /** Interns `type:id`, `type:*` or `type:id#relation`. The text must already be well-formed. */
  internTerm(text: string): number {
    const known = this.term(text);
    if (known >= 0) return known;
    const colon = text.indexOf(':');
    const hash = text.indexOf('#', colon);
    const type = this.internType(text.slice(0, colon));
    let kind = TERM_OBJECT;
    let obj = -1;
    let rel = -1;
    if (hash >= 0) {
      kind = TERM_USERSET;
      obj = this.internTerm(text.slice(0, hash));
      rel = this.internRel(type, text.slice(hash + 1));
    } else if (text.length === colon + 2 && text.charCodeAt(colon + 1) === 42 /* '*' */) kind = TERM_WILDCARD;
    const local = this.count;
    const n = local + 1;
    this.info = growInt32(this.info, n);
    if (kind === TERM_USERSET) {
      const k = this.usersetCount++;
      this.usersets = growInt32(this.usersets, 3 * k + 3);
      this.usersets[3 * k] = type;
      this.usersets[3 * k + 1] = obj;
      this.usersets[3 * k + 2] = rel;
      this.info[local] = (k << 2) | kind;
    } else this.info[local] = (type << 2) | kind;
    this.store(text, local);
    this.count = n;
    return local + this.offset;
  }

  termName(id: number): string {
    if (id < this.offset) return (this.parent as Symbols).termName(id);
    const local = id - this.offset;
    const start = this.starts[local] as number;
    const end = this.starts[local + 1] as number;
    if (start === end) return this.wideNames.get(local) ?? '';
    let out = '';
    for (let j = start; j < end; j += 4096)
      out += String.fromCharCode.apply(null, this.chars.subarray(j, Math.min(end, j + 4096)) as unknown as number[]);
    return out;
  }

  termKind(id: number): number {
    return id >= this.offset ? (this.info[id - this.offset] as number) & 3 : (this.parent as Symbols).termKind(id);
  }

  termType(id: number): number {
    if (id < this.offset) return (this.parent as Symbols).termType(id);
    const x = this.info[id - this.offset] as number;
    return (x & 3) === TERM_USERSET ? (this.usersets[3 * (x >> 2)] as number) : x >> 2;
  }

  /** For a userset term `group:eng#member`: the term `group:eng` (-1 for other terms). */
  usersetObject(id: number): number {
    if (id < this.offset) return (this.parent as Symbols).usersetObject(id);
    const x = this.info[id - this.offset] as number;
    return (x & 3) === TERM_USERSET ? (this.usersets[3 * (x >> 2) + 1] as number) : -1;
  }

  /** For a userset term `group:eng#member`: the relation id of `group#member` (-1 for other terms). */
  usersetRelation(id: number): number {
    if (id < this.offset) return (this.parent as Symbols).usersetRelation(id);
    const x = this.info[id - this.offset] as number;
    return (x & 3) === TERM_USERSET ? (this.usersets[3 * (x >> 2) + 2] as number) : -1;
  }

  /** The term `type:*` for a type id, or -1 when never seen (cached, misses included). */
  wildcard(type: number): number {
    const cached = this.wildcards.get(type);
    if (
      cached !== undefined &&
      (cached >= 0 || this.wildcardMissAt.get(type) === this.termCount + (this.parent?.termCount ?? 0))
    )
      return cached;
    const id = this.term(`${this.typeName(type)}:*`);
    this.wildcards.set(type, id);
    if (id < 0) this.wildcardMissAt.set(type, this.termCount + (this.parent?.termCount ?? 0));
    return id;
  }

  /**
   * Gives back the arrays' growth slack (names, starts, kinds, usersets cut to their length; the
   * lookup table to the smallest power of two under 3/4 full). For a table that will mostly be
   * read: a compact snapshot's, after its build. Interning afterwards still works (it grows again).
   */
  trim(): void {
    const n = this.count;
    const used = this.starts[n] as number;
    this.chars = this.chars.slice(0, Math.max(used, 16));
    this.starts = this.starts.slice(0, n + 2);
    this.info = this.info.slice(0, Math.max(n, 1));
    this.usersets = this.usersets.slice(0, Math.max(3 * this.usersetCount, 3));
    let cap = 64;
    while (n * 4 > cap * 3) cap *= 2;
    if (cap < this.tableMask + 1) this.rehash(cap);
  }

  /** The table as plain parts (a root table only), to persist: `Symbols.fromParts` reads them back as is. */
  toParts(): SymbolParts {
    if (this.parent) throw new Error('only a root term table can be persisted');
    return {
      types: this.names.typeNames,
      rels: this.names.relName.map((name, i) => [this.names.relType[i] as number, name]),
      conds: this.names.condNames,
      count: this.count,
      usersetCount: this.usersetCount,
      wide: [...this.wideNames],
      chars: this.chars.subarray(0, this.starts[this.count] as number),
      starts: this.starts.subarray(0, this.count + 1),
      info: this.info.subarray(0, this.count),
      usersets: this.usersets.subarray(0, 3 * this.usersetCount),
      table: this.table,
    };
  }

  /** A root table from `toParts` without re-interning a name (a cold load of a large snapshot). */
  static fromParts(p: SymbolParts): Symbols {
    const s = new Symbols();
    for (const t of p.types) s.internType(t);
    for (const [type, name] of p.rels) s.internRel(type, name);
    for (const c of p.conds) s.internCond(c);
    s.count = p.count;
    s.usersetCount = p.usersetCount;
    s.chars = p.chars.length > 0 ? p.chars : new Uint8Array(16);
    s.starts = growInt32(p.starts, p.count + 2);
    s.info = p.info.length > 0 ? p.info : new Int32Array(1);
    s.usersets = p.usersets.length > 0 ? p.usersets : new Int32Array(3);
    s.table = p.table;
    s.tableMask = p.table.length / 2 - 1;
    for (const [local, text] of p.wide) {
      s.wide.set(text, local);
      s.wideNames.set(local, text);
    }
    return s;
  }

  /** Rough heap bytes held by the term table (names, lookup table, typed arrays). */
  get bytes(): number {
    let wide = 0;
    for (const t of this.wideNames.values()) wide += 100 + 2 * t.length;
    return (
      this.chars.byteLength +
      this.starts.byteLength +
      this.table.byteLength +
      this.info.byteLength +
      this.usersets.byteLength +
      wide
    );
  }
}
