/**
 * Interning: every object, user, type, relation and condition name becomes a small integer
 * once, so the index and the evaluator compare and hash integers, never strings.
 *
 * A term is what appears on either side of a tuple: an object `doc:1`, a wildcard `user:*`,
 * or a userset `group:eng#member` (which also points at its object term and relation).
 * A layered table (for contextual tuples) reads through to its parent and numbers its own
 * new terms from LOCAL_BASE up, so ids from both layers can be mixed freely.
 */
import { growInt32, growUint8 } from './grow.ts';

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

export class Symbols {
  private readonly terms = new Map<string, number>();
  private readonly offset: number;
  readonly names: Names;
  private termNames: string[] = [];
  private kinds = new Uint8Array(0);
  private types = new Int32Array(0);
  private usObj = new Int32Array(0);
  private usRel = new Int32Array(0);
  private wildcards = new Map<number, number>();
  /** A cached miss holds until a term is added. */
  private wildcardMissAt = new Map<number, number>();

  constructor(readonly parent: Symbols | null = null) {
    this.offset = parent ? LOCAL_BASE : 0;
    this.names = parent ? parent.names : new Names();
  }

  get termCount(): number {
    return this.termNames.length;
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
    const p = this.parent ? this.parent.term(text) : -1;
    return p >= 0 ? p : (this.terms.get(text) ?? -1);
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
    const local = this.termNames.length;
    const n = local + 1;
    this.kinds = growUint8(this.kinds, n);
    this.types = growInt32(this.types, n);
    this.usObj = growInt32(this.usObj, n);
    this.usRel = growInt32(this.usRel, n);
    this.kinds[local] = kind;
    this.types[local] = type;
    this.usObj[local] = obj;
    this.usRel[local] = rel;
    this.termNames.push(text);
    const id = local + this.offset;
    this.terms.set(text, id);
    return id;
  }

  termName(id: number): string {
    return id >= this.offset ? (this.termNames[id - this.offset] as string) : (this.parent as Symbols).termName(id);
  }

  termKind(id: number): number {
    return id >= this.offset ? (this.kinds[id - this.offset] as number) : (this.parent as Symbols).termKind(id);
  }

  termType(id: number): number {
    return id >= this.offset ? (this.types[id - this.offset] as number) : (this.parent as Symbols).termType(id);
  }

  /** For a userset term `group:eng#member`: the term `group:eng`. */
  usersetObject(id: number): number {
    return id >= this.offset ? (this.usObj[id - this.offset] as number) : (this.parent as Symbols).usersetObject(id);
  }

  /** For a userset term `group:eng#member`: the relation id of `group#member`. */
  usersetRelation(id: number): number {
    return id >= this.offset ? (this.usRel[id - this.offset] as number) : (this.parent as Symbols).usersetRelation(id);
  }

  /** The term `type:*` for a type id, or -1 when never seen (cached, misses included). */
  wildcard(type: number): number {
    const cached = this.wildcards.get(type);
    if (cached !== undefined && (cached >= 0 || this.wildcardMissAt.get(type) === this.termCount + (this.parent?.termCount ?? 0))) return cached;
    const id = this.term(`${this.typeName(type)}:*`);
    this.wildcards.set(type, id);
    if (id < 0) this.wildcardMissAt.set(type, this.termCount + (this.parent?.termCount ?? 0));
    return id;
  }

  /** Rough heap bytes held by the term table (strings, map entries, typed arrays). */
  get bytes(): number {
    let strings = 0;
    for (const s of this.termNames) strings += 16 + ((s.length + 7) & ~7);
    return strings + this.terms.size * 40 + this.termNames.length * 8 + this.kinds.byteLength + (this.types.byteLength + this.usObj.byteLength + this.usRel.byteLength);
  }
}
