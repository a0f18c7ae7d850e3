/**
 * Issue 14, acceptance 1: the UI reaches the API only through `client` (hc<App>, web/src/lib/api.ts),
 * so every path, input and answer is checked against the routes' declarations. A file under
 * web/src that calls `fetch`, opens an XMLHttpRequest or spells an `/api/` path fails here,
 * unless ALLOWED names it with its reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const WEB = join(ROOT, 'web/src');

type Way = 'fetch' | 'XMLHttpRequest' | '/api/ path';
const WAYS: [Way, RegExp][] = [
  ['fetch', /\bfetch\s*\(/],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['/api/ path', /['"`]\/api(\/|['"`?])/],
];

/** Files that may use a way around `client`, and why. */
const ALLOWED: Record<string, { ways: Way[]; why: string }> = {
  'lib/api.ts': { ways: ['fetch', '/api/ path'], why: 'the client itself: its fetch sends every call' },
  'lib/files/Upload.svelte': {
    ways: ['XMLHttpRequest'],
    why: 'upload progress (fetch has none); its address and answer are typed from client.api.files.$post',
  },
  'service-worker.ts': {
    ways: ['fetch', '/api/ path'],
    why: "the service worker passes the pages' own requests on and keeps day sheets offline (R27)",
  },
};

/** Code without its comments (`// …`, `/* … *\/`, `<!-- … -->`): a comment may name a path. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

function waysAround(text: string): Way[] {
  const stripped = code(text);
  return WAYS.filter(([, pattern]) => pattern.test(stripped)).map(([way]) => way);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
  });
}

describe('The UI reaches the API only through hc<App>', () => {
  it('issue 14: the check sees each way around the client, and not one named in a comment', () => {
    expect(waysAround("const r = await fetch('/x');")).toEqual(['fetch']);
    expect(waysAround('const xhr = new XMLHttpRequest();')).toEqual(['XMLHttpRequest']);
    expect(waysAround('<a href={`/api/files/{id}/content`}>')).toEqual(['/api/ path']);
    expect(waysAround("goto('/api');")).toEqual(['/api/ path']);
    expect(waysAround('/** From `GET /api/why`. */\n// fetch(x)\n<!-- fetch("/api/x") -->')).toEqual([]);
    expect(waysAround("const href = client.api.files[':id'].content.$path({ param: { id } });")).toEqual([]);
    expect(waysAround("const site = 'https://example.com/api/x';")).toEqual([]);
  });

  it('issue 14: no file under web/src calls fetch, XMLHttpRequest or an /api/ path outside web/src/lib/api.ts (and the allowed)', () => {
    const files = sources(WEB);
    expect(files.length).toBeGreaterThan(20);
    const found: Record<string, Way[]> = {};
    for (const file of files) {
      const name = relative(WEB, file).split('\\').join('/');
      const ways = waysAround(readFileSync(file, 'utf8')).filter((way) => !ALLOWED[name]?.ways.includes(way));
      if (ways.length) found[name] = ways;
    }
    expect(found).toEqual({});
  });
});
