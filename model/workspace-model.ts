import type { AuthorizationModel } from '../functions/index.ts';
import json from './workspace.model.json' with { type: 'json' };

/** The workspace model in OpenFGA's JSON form (generated from workspace.fga; workerd reads no files). */
export const WORKSPACE_MODEL = json as unknown as AuthorizationModel;
