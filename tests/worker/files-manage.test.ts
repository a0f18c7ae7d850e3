import { env } from 'cloudflare:test';
import { filesManageSuite } from '../suites/files-manage.suite.ts';
import { r2BlobStore } from '../../worker/files/blob-store.ts';
import { d1Harness } from './harness.ts';

filesManageSuite({
  ...d1Harness(),
  blobKeys: (prefix) => r2BlobStore((env as unknown as { FILES: R2Bucket }).FILES).list(prefix),
});
