import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  renderRelations,
  renderWorkspaceModel,
  renderWorkspaceModelJson,
  WORKSPACE_MODEL_JSON_PATH,
  WORKSPACE_MODEL_PATH,
  WORKSPACE_RELATIONS_PATH,
} from '../../../model/build-model.ts';
import { runStoreTest } from '../../../bin/store-test.ts';
import { collaboration, PERMISSIONS } from '../../../model/catalogue.ts';
import { PREDEFINED_ROLES } from '../../../model/roles.ts';
import { parseModel } from '../../../functions/index.ts';

const STORE_TEST = fileURLToPath(new URL('../../../model/workspace.fga.yaml', import.meta.url));

describe('the workspace model', () => {
  it('R1–R26: its own store tests pass (model/workspace.fga.yaml, named by rule)', () => {
    const result = runStoreTest(STORE_TEST, (p) => readFileSync(p, 'utf8'), Date.now());
    console.log(`workspace model store tests: ${result.passed} passed, ${result.failed} failed`);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBeGreaterThanOrEqual(60);
  });

  it('the committed model, its JSON and its relation vocabulary are what the catalogue generates (run `npm run model:build`)', () => {
    const committed = readFileSync(WORKSPACE_MODEL_PATH, 'utf8');
    expect(renderWorkspaceModel(committed)).toBe(committed);
    expect(readFileSync(WORKSPACE_MODEL_JSON_PATH, 'utf8')).toBe(renderWorkspaceModelJson(committed));
    expect(readFileSync(WORKSPACE_RELATIONS_PATH, 'utf8')).toBe(renderRelations(committed));
  });

  it('every catalogue permission is a relation of role, assignment and workspace', () => {
    const parsed = parseModel(readFileSync(WORKSPACE_MODEL_PATH, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const relations = (type: string) =>
      Object.keys(parsed.model.type_definitions.find((t) => t.type === type)?.relations ?? {});
    for (const type of ['role', 'assignment', 'workspace', 'outlet'])
      expect(relations(type)).toEqual(expect.arrayContaining(PERMISSIONS.map((p) => p.key)));
    const eventScoped = PERMISSIONS.filter((p) => p.scope === 'event').map((p) => p.key);
    for (const type of ['artist', 'event']) expect(relations(type)).toEqual(expect.arrayContaining(eventScoped));
  });

  it('R11: a role with any manage permission is Collaborator, otherwise View-only', () => {
    const label = Object.fromEntries(PREDEFINED_ROLES.map((r) => [r.id, collaboration(r.permissions)]));
    expect(label).toMatchObject({
      admin: 'collaborator',
      admin_non_financial: 'collaborator',
      team_member: 'view_only',
      team_member_limited: 'view_only',
      org_check_in_user: 'collaborator',
    });
    expect(collaboration(['view_financial', 'view_logistics'])).toBe('view_only');
    expect(collaboration(['view_logistics', 'manage_logistics'])).toBe('collaborator');
  });

  it('R10: the predefined roles of seed 004 hold what the seed says', () => {
    const perms = (id: string) => new Set(PREDEFINED_ROLES.find((r) => r.id === id)!.permissions);
    expect(perms('admin_non_financial').has('view_financial')).toBe(false);
    expect(perms('admin_non_financial').has('manage_events')).toBe(true);
    expect(perms('team_member').has('view_financial')).toBe(true);
    expect(perms('team_member').has('view_tentative_events')).toBe(false);
    expect(perms('team_member_no_travel').has('view_travel')).toBe(false);
    expect(perms('team_member_no_travel').has('view_travel_events')).toBe(false);
    expect(perms('team_member_limited').has('view_rehearsals')).toBe(false);
    expect(perms('team_member_limited_plus').has('view_team')).toBe(true);
    expect(perms('team_member_no_finances').has('view_financial')).toBe(false);
  });
});
