import type { files } from '../../db/collab-schema.ts';

/** A file as the API shows it (never its blob key). */
export const fileView = (f: Omit<typeof files.$inferSelect, 'accessRevision'>) => ({
  id: f.id,
  name: f.name,
  folderId: f.folderId,
  contentType: f.contentType,
  size: f.size,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
});
