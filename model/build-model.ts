/**
 * Writes the generated blocks of model/workspace.fga from the permission catalogue, so the
 * catalogue is the one list of permissions. `npm run model:build` rewrites the file;
 * `renderWorkspaceModel()` is what a test compares it with.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PERMISSIONS, type Permission } from './catalogue.ts';
import { parseModel } from '../functions/index.ts';

export const WORKSPACE_MODEL_PATH = fileURLToPath(new URL('./workspace.fga', import.meta.url));
/** The same model in OpenFGA's JSON form, imported by the Worker (workerd reads no files). */
export const WORKSPACE_MODEL_JSON_PATH = fileURLToPath(new URL('./workspace.model.json', import.meta.url));

/** How each type derives a permission; null = the type does not carry it. */
const RULES: Record<string, (p: Permission) => string | null> = {
  role: () => `[user:*]`,
  assignment: (p) => `holder and ${p.key} from role`,
  workspace: (p) => `master_active or ${p.key} from assignment`,
  outlet: (p) => `admin_active or ${p.key} from assignment or ${p.key} from workspace`,
  artist: (p) =>
    p.scope === 'event' ? `${p.key} from assignment or ${p.key} from outlet or ${p.key} from workspace` : null,
  event: (p) => (p.scope === 'event' ? `${p.key} from assignment or ${p.key} from artist` : null),
};

const BLOCK = /^(\s*)# BEGIN generated: permissions of (\w+)\n[\s\S]*?^\s*# END generated$/gm;

export function renderWorkspaceModel(source = readFileSync(WORKSPACE_MODEL_PATH, 'utf8')): string {
  return source.replace(BLOCK, (_match, indent: string, type: string) => {
    const rule = RULES[type];
    if (!rule) throw new Error(`no permission rule for type \`${type}\``);
    const lines = PERMISSIONS.flatMap((p) => {
      const body = rule(p);
      return body === null ? [] : [`${indent}define ${p.key}: ${body}`];
    });
    return [`${indent}# BEGIN generated: permissions of ${type}`, ...lines, `${indent}# END generated`].join('\n');
  });
}

/** The JSON form of the rendered model; throws with every error when the model is invalid. */
export function renderWorkspaceModelJson(dsl = renderWorkspaceModel()): string {
  const parsed = parseModel(dsl);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n'));
  return `${JSON.stringify(parsed.model, null, 1)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dsl = renderWorkspaceModel();
  writeFileSync(WORKSPACE_MODEL_PATH, dsl);
  writeFileSync(WORKSPACE_MODEL_JSON_PATH, renderWorkspaceModelJson(dsl));
  console.log(`wrote ${WORKSPACE_MODEL_PATH} and ${WORKSPACE_MODEL_JSON_PATH}`);
}
