/**
 * The drive model, as docs/bench.md › The workload states it. Every engine and peer answers
 * questions against this model (or its faithful translation).
 */
export const DRIVE_MODEL = `model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
type folder
  relations
    define parent: [folder]
    define owner: [user]
    define editor: [user, group#member] or owner or editor from parent
    define viewer: [user, user:*, group#member] or editor or viewer from parent
type document
  relations
    define parent: [folder]
    define owner: [user]
    define editor: [user, group#member] or owner or editor from parent
    define viewer: [user, group#member] or editor or viewer from parent
`;

/** The two relations the questions ask about. */
export const QUESTION_RELATIONS = ['viewer', 'editor'] as const;
export type QuestionRelation = (typeof QUESTION_RELATIONS)[number];

/** One relationship tuple, in OpenFGA's string form (`document:d1`, `viewer`, `group:g2#member`). */
export interface Tuple {
  object: string;
  relation: string;
  user: string;
}
