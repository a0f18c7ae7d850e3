/**
 * The engine's explanation (typed data from `GET /api/why`) in plain words, for people who
 * manage access: for an allow, the facts that granted it, in order; for a deny, what each rule
 * tried lacked, and any restriction that held.
 */
type Outcome = 'allowed' | 'denied' | 'error';
type Tuple = { object: string; relation: string; user: string };
type ExplainTuple = {
  tuple: Tuple;
  outcome: Outcome;
  reason?: 'condition_false' | 'condition_error' | 'expired';
  next?: ExplainNode;
};
export type ExplainNode =
  | { kind: 'relation'; object: string; relation: string; outcome: Outcome; rule: ExplainNode; note?: string }
  | { kind: 'direct'; object: string; relation: string; outcome: Outcome; tuples: ExplainTuple[]; lacked?: string }
  | { kind: 'computed'; object: string; relation: string; outcome: Outcome; via: ExplainNode }
  | {
      kind: 'tuple_to_userset';
      object: string;
      tupleset: string;
      computedRelation: string;
      outcome: Outcome;
      parents: ExplainTuple[];
      lacked?: string;
    }
  | { kind: 'union' | 'intersection'; outcome: Outcome; children: ExplainNode[] }
  | { kind: 'exclusion'; outcome: Outcome; base: ExplainNode; subtract?: ExplainNode };

export type Names = Record<string, string>;

const words = (id: string) => id.replace(/_/g, ' ');
const LEVEL: Record<string, string> = { viewer: 'view', editor: 'edit', manager: 'manage' };

/** `type:id` as a person reads it: a known name, else "type id". */
function name(ref: string, names: Names): string {
  if (ref === 'user:*') return 'everyone';
  const [type, id = ''] = ref.split(':');
  const bare = id.split('#')[0]!;
  return names[ref] ?? names[bare] ?? `${words(type!)} ${bare}`;
}

/** One stored fact as a sentence. */
export function fact(t: Tuple, names: Names): string {
  const subject = name(t.user, names);
  const object = name(t.object, names);
  switch (t.relation) {
    case 'member':
      return t.object.startsWith('workspace:')
        ? `${subject} is an active member of ${object} (within their hired and resigned dates)`
        : `${subject} is in ${object}`;
    case 'master':
      return `${subject} is the master user of ${object}`;
    case 'assignee':
      return `${subject} holds ${object}`;
    case 'role':
      return `${object} gives the role ${subject}`;
    case 'assignment':
      return `${subject} applies to ${object}`;
    case 'artist':
      return `${object} belongs to ${subject}`;
    case 'event':
      return `${object} includes ${subject}`;
    case 'confirmed':
      return `${object} is confirmed`;
    case 'day':
      return `${object} is on ${subject}`;
    case 'passenger':
      return `${subject} travels on ${object}`;
    case 'admin':
      return `${subject} administers ${object}`;
    case 'parent':
      return `${object} is inside ${subject}`;
    case 'viewer':
    case 'editor':
    case 'manager':
      return `${subject} is given ${LEVEL[t.relation]} access on ${object}`;
    default:
      if (t.relation.startsWith('kind_')) return `${object} is a ${t.relation.slice(5)}`;
      if (t.user === 'user:*' && t.object.startsWith('role:'))
        return `${object} includes the permission "${words(t.relation)}"`;
      return `${object}: ${words(t.relation)} → ${subject}`;
  }
}

/** The granting facts of an allowed node, in the order they were used. */
function proof(node: ExplainNode, names: Names, out: string[]): void {
  if (node.outcome !== 'allowed') return;
  switch (node.kind) {
    case 'relation':
      return proof(node.rule, names, out);
    case 'computed':
      return proof(node.via, names, out);
    case 'direct':
      for (const t of node.tuples)
        if (t.outcome === 'allowed') {
          out.push(fact(t.tuple, names));
          if (t.next) proof(t.next, names, out);
          return;
        }
      return;
    case 'tuple_to_userset':
      for (const t of node.parents)
        if (t.outcome === 'allowed') {
          out.push(fact(t.tuple, names));
          if (t.next) proof(t.next, names, out);
          return;
        }
      return;
    case 'union':
      for (const c of node.children) if (c.outcome === 'allowed') return proof(c, names, out);
      return;
    case 'intersection':
      for (const c of node.children) proof(c, names, out);
      return;
    case 'exclusion':
      return proof(node.base, names, out);
  }
}

/** A missing direct fact, said as a person would: what they were not given. */
function missing(object: string, relation: string, names: Names): string {
  const on = name(object, names);
  switch (relation) {
    case 'master':
    case 'master_active':
      return `they are not the master user of ${on}`;
    case 'top_level':
      return `${on} is not at the top level, so it opens only through the folder it is in`;
    case 'viewer':
    case 'editor':
    case 'manager':
      return `nobody gave them ${LEVEL[relation]} access on ${on} itself`;
    default:
      return `no one has given ${on} the "${words(relation)}" that was needed`;
  }
}

/** What the denied branches lacked, and restrictions that held (a `but not` that matched). */
function gaps(node: ExplainNode, names: Names, out: Set<string>, depth = 0): void {
  // Deep enough for folders nested many levels (each level is a few nodes).
  if (depth > 80) return;
  switch (node.kind) {
    case 'relation':
      return gaps(node.rule, names, out, depth + 1);
    case 'computed':
      return gaps(node.via, names, out, depth + 1);
    case 'direct':
      if (node.outcome !== 'allowed') {
        const expired = node.tuples.find((t) => t.reason);
        if (expired)
          out.add(`${fact(expired.tuple, names)}, but it does not count now (${expired.reason!.replace('_', ' ')})`);
        else out.add(missing(node.object, node.relation, names));
      }
      return;
    case 'tuple_to_userset':
      if (node.outcome !== 'allowed' && node.parents.length === 0)
        out.add(
          node.tupleset === 'parent'
            ? `${name(node.object, names)} is not inside another folder that gives access`
            : `${name(node.object, names)} has no ${words(node.tupleset)}`,
        );
      for (const t of node.parents) {
        if (node.outcome !== 'allowed' && node.tupleset === 'parent')
          out.add(
            `${fact(t.tuple, names)}, and they may not ${node.computedRelation.replace(/^can_/, '').replace(/_/g, ' ')} ${name(t.tuple.user, names)}`,
          );
        if (t.next) gaps(t.next, names, out, depth + 1);
      }
      return;
    case 'union':
    case 'intersection':
      for (const c of node.children) if (c.outcome !== 'allowed') gaps(c, names, out, depth + 1);
      return;
    case 'exclusion':
      if (node.subtract?.outcome === 'allowed') {
        const blocked: string[] = [];
        proof(node.subtract, names, blocked);
        out.add(`a restriction applies: ${blocked.join('; ') || 'the person is excluded'}`);
      } else gaps(node.base, names, out, depth + 1);
  }
}

export function explainInWords(
  explanation: { allowed: boolean; root?: ExplainNode },
  names: Names = {},
): { verdict: string; reasons: string[] } {
  if (!explanation.root) return { verdict: explanation.allowed ? 'Allowed.' : 'Denied.', reasons: [] };
  if (explanation.allowed) {
    const reasons: string[] = [];
    proof(explanation.root, names, reasons);
    return { verdict: 'Allowed, because:', reasons };
  }
  const reasons = new Set<string>();
  gaps(explanation.root, names, reasons);
  return { verdict: 'Denied. What was missing:', reasons: [...reasons].slice(0, 16) };
}
