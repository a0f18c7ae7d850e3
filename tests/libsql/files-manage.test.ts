import { afterAll } from 'vitest';
import { folderBlobStore } from '../../worker/files/blob-store.ts';
import { housekeepingJob } from '../../worker/node.ts';
import { createApp } from '../../worker/app.ts';
import { filesManageSuite } from '../suites/files-manage.suite.ts';
import { libsqlHarness } from './harness.ts';
import { tempDir } from '../temp-dir.ts';

// Node + libSQL keeps contents on disk: a fresh folder for this file, listed by the suite.
const root = tempDir('laminate-files-');
const filesDirBefore = process.env.LAMINATE_FILES_DIR;
process.env.LAMINATE_FILES_DIR = root;
// Files share a process (vitest.config.ts): the next one must not write into the removed folder.
afterAll(() => {
  if (filesDirBefore === undefined) delete process.env.LAMINATE_FILES_DIR;
  else process.env.LAMINATE_FILES_DIR = filesDirBefore;
});
const disk = folderBlobStore(root);

/**
 * The same folder behind the app's `FILES` binding (what blobStoreFor picks first), whose next
 * delete fails once: the shape of R2's bucket the app uses (put, get, delete, list).
 */
let failNext = false;
const faultyDisk = {
  put: (key: string, body: ArrayBuffer, options?: { httpMetadata?: { contentType?: string } }) =>
    disk.put(key, body, options?.httpMetadata?.contentType ?? 'application/octet-stream'),
  async get(key: string) {
    const blob = await disk.get(key);
    return blob && { body: blob.body, size: blob.size, httpMetadata: { contentType: blob.contentType } };
  },
  async delete(key: string) {
    if (failNext) {
      failNext = false;
      throw new Error('the disk is not available');
    }
    await disk.delete(key);
  },
  list: async ({ prefix }: { prefix?: string }) => ({
    objects: (await disk.list(prefix ?? '')).map((key) => ({ key })),
    truncated: false,
  }),
};

const harness = await libsqlHarness();
const faulty = createApp(() => harness.db);
filesManageSuite({
  ...harness,
  blobKeys: (prefix) => disk.list(prefix),
  blobFault: {
    failNextDelete: () => {
      failNext = true;
    },
    // the same database as `harness`, the faulty file store
    request: async (path, init) => faulty.request(path, init, { FILES: faultyDisk } as never),
  },
  housekeep: async (now) => {
    if (!(await housekeepingJob(harness.db, () => now, disk).run())) throw new Error('the housekeeping job failed');
  },
});
