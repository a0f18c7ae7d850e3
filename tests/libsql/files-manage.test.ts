import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderBlobStore } from '../../worker/files/blob-store.ts';
import { filesManageSuite } from '../suites/files-manage.suite.ts';
import { libsqlHarness } from './harness.ts';

// Node + libSQL keeps contents on disk: a fresh folder for this file, listed by the suite.
const root = mkdtempSync(join(tmpdir(), 'laminate-files-'));
process.env.LAMINATE_FILES_DIR = root;
filesManageSuite({ ...(await libsqlHarness()), blobKeys: (prefix) => folderBlobStore(root).list(prefix) });
