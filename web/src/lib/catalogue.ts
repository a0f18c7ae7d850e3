/**
 * The permission catalogue (area, label, manage) for the role editor. The API does not serve
 * it yet, so the UI bundles the same data file the Worker and the model are generated from:
 * one list, no drift (pure data, no I/O).
 */
export {
  PERMISSIONS,
  collaboration,
  isPermissionKey,
  type Permission,
  type PermissionKey,
} from '../../../model/catalogue.ts';
