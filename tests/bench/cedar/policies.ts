/**
 * The drive model in Cedar.
 *
 * Cedar has no recursive rules: its one transitive mechanism is the entity hierarchy (`in`).
 * So, as in the Cedar paper's Google Drive and GitHub models, each OpenFGA userset
 * `<object>#<relation>` becomes a `Userset` entity, and each rewrite of the model becomes a
 * hierarchy edge (see graph.ts):
 *
 * | OpenFGA                                   | Cedar hierarchy edge                          |
 * |-------------------------------------------|-----------------------------------------------|
 * | `X#owner @ user:u`                        | `User::"u"` in `Userset::"X#owner"`           |
 * | `X#viewer @ group:g#member`               | `Group::"g"` in `Userset::"X#viewer"`         |
 * | `group:g#member @ user:u`                 | `User::"u"` in `Group::"g"`                   |
 * | `group:g#member @ group:h#member`         | `Group::"h"` in `Group::"g"`                  |
 * | `folder:f#viewer @ user:*`                | `Public::"user"` in `Userset::"folder:f#viewer"` |
 * | `editor: … or owner`                      | `Userset::"X#owner"` in `Userset::"X#editor"` |
 * | `viewer: … or editor`                     | `Userset::"X#editor"` in `Userset::"X#viewer"` |
 * | `editor from parent` with `X#parent @ P`  | `Userset::"P#editor"` in `Userset::"X#editor"` |
 * | `viewer from parent` with `X#parent @ P`  | `Userset::"P#viewer"` in `Userset::"X#viewer"` |
 *
 * Every folder and document carries its three usersets as attributes, and the policies ask
 * whether the principal is in the one named by the action. `user:*` is its own policy: every
 * user is a viewer wherever the public marker is.
 */
export const CEDAR_POLICIES: Record<string, string> = {
  viewer: 'permit (principal is User, action == Action::"viewer", resource) when { principal in resource.viewers };',
  editor: 'permit (principal is User, action == Action::"editor", resource) when { principal in resource.editors };',
  'public-viewer':
    'permit (principal is User, action == Action::"viewer", resource) when { Public::"user" in resource.viewers };',
};

/** The schema the policies are validated against (once, in the differential test). */
export const CEDAR_SCHEMA = `
entity Userset in [Userset];
entity Public in [Userset];
entity Group in [Group, Userset];
entity User in [Group, Userset];
entity Folder in [Folder] { owners: Userset, editors: Userset, viewers: Userset };
entity Document in [Folder] { owners: Userset, editors: Userset, viewers: Userset };
action viewer, editor appliesTo { principal: User, resource: [Folder, Document] };
`;
