/**
 * Where file contents live (R22): R2 in production and under wrangler dev / the workerd tests
 * (binding `FILES`), a local folder when the app runs on Node over libSQL. One small interface,
 * so routes never ask which one they have. Authorization happens before either is touched.
 */
import type { Bindings } from '../env.ts';

export type Blob = { body: ReadableStream | ArrayBuffer; contentType: string; size: number };

export interface BlobStore {
  put(key: string, body: ArrayBuffer, contentType: string): Promise<void>;
  get(key: string): Promise<Blob | null>;
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (e.g. `<workspace>/`): how tests and a sweep find orphans. */
  list(prefix: string): Promise<string[]>;
}

/** Keys are ours (`<workspace>/<file>/<random>`); anything else is refused before any I/O. */
const KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;
function checked(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid blob key \`${key}\``);
  return key;
}

export function r2BlobStore(bucket: R2Bucket): BlobStore {
  return {
    async put(key, body, contentType) {
      await bucket.put(checked(key), body, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(checked(key));
      if (!object) return null;
      return {
        body: object.body,
        contentType: object.httpMetadata?.contentType ?? 'application/octet-stream',
        size: object.size,
      };
    },
    async delete(key) {
      await bucket.delete(checked(key));
    },
    async list(prefix) {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, cursor });
        keys.push(...page.objects.map((o) => o.key));
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return keys;
    },
  };
}

/**
 * A folder on disk (Node). `node:fs` is imported on first use, so the Worker bundle never
 * loads it when R2 is bound.
 */
export function folderBlobStore(root: string): BlobStore {
  const fs = () => import('node:fs/promises');
  const path = (key: string) => `${root}/${checked(key)}`;
  return {
    async put(key, body, contentType) {
      const { mkdir, writeFile } = await fs();
      const file = path(key);
      await mkdir(file.slice(0, file.lastIndexOf('/')), { recursive: true });
      await writeFile(file, new Uint8Array(body));
      await writeFile(`${file}.type`, contentType);
    },
    async get(key) {
      const { readFile } = await fs();
      try {
        const bytes = await readFile(path(key));
        const contentType = await readFile(`${path(key)}.type`, 'utf8').catch(() => 'application/octet-stream');
        return {
          body: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
          contentType,
          size: bytes.byteLength,
        };
      } catch (cause) {
        if ((cause as { code?: string }).code === 'ENOENT') return null;
        throw cause;
      }
    },
    async delete(key) {
      const { rm } = await fs();
      await rm(path(key), { force: true });
      await rm(`${path(key)}.type`, { force: true });
      // Empty folders left by the key's segments go too, so the disk holds nothing for the file.
      const { rmdir } = await fs();
      const parts = checked(key).split('/');
      for (let n = parts.length - 1; n > 0; n--) {
        try {
          await rmdir(`${root}/${parts.slice(0, n).join('/')}`);
        } catch {
          break;
        }
      }
    },
    async list(prefix) {
      const { readdir } = await fs();
      try {
        const entries = await readdir(root, { recursive: true, withFileTypes: true });
        return entries
          .filter((e) => e.isFile() && !e.name.endsWith('.type'))
          .map((e) => `${e.parentPath.slice(root.length + 1)}/${e.name}`)
          .filter((key) => key.startsWith(prefix))
          .sort();
      } catch (cause) {
        if ((cause as { code?: string }).code === 'ENOENT') return [];
        throw cause;
      }
    },
  };
}

/** The default local folder (git-ignored); `LAMINATE_FILES_DIR` moves it. */
const localRoot = () => (typeof process !== 'undefined' && process.env?.LAMINATE_FILES_DIR) || '.laminate/files';

/** R2 when the Worker has the `FILES` binding, else the local folder (Node + libSQL). */
export function blobStoreFor(env: Bindings | undefined): BlobStore {
  return env?.FILES ? r2BlobStore(env.FILES) : folderBlobStore(localRoot());
}
