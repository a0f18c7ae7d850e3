import { z } from 'zod';
import type { files } from '../../db/collaboration/schema.ts';

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

/** `fileView`'s answer as the routes declare it (files and folders alike). */
export const FileView = z.object({
  id: z.string(),
  name: z.string(),
  folderId: z.string().nullable(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
