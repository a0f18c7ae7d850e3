/**
 * The UI's security headers, written at build time into `build/_headers`, which Workers static
 * assets apply to every asset response (the SPA fallback included). The Content-Security-Policy
 * allows scripts and styles from this origin only, plus the SHA-256 of each inline script and
 * inline style SvelteKit writes into the built HTML and code (its bootstrap script, the
 * `display: contents` wrapper, the route announcer): hashes are computed from the files
 * actually written, after the adapter has run, so a new SvelteKit version cannot silently
 * need 'unsafe-inline'.
 *
 * `_headers` is generated, not kept in `static/`: SvelteKit would otherwise list it among the
 * assets the service worker caches.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function filesEnding(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesEnding(join(dir, e.name), ending) : e.name.endsWith(ending) ? [join(dir, e.name)] : [],
  );
}

/**
 * The hashes of every inline script, inline `<style>` and `style="…"` attribute in the built
 * pages, and of the static `style="…"` attributes in the built code's HTML templates (SvelteKit's
 * route announcer is one: Svelte parses templates into elements, so the attribute is inline).
 */
export function inlineHashes(
  html: string[],
  code: string[] = [],
): { scripts: string[]; styles: string[]; styleAttributes: string[] } {
  const all = (sources: string[], re: RegExp) =>
    [...new Set(sources.flatMap((text) => [...text.matchAll(re)].map((m) => sha256(m[1]!))))].sort();
  return {
    scripts: all(html, /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g),
    styles: all(html, /<style[^>]*>([\s\S]*?)<\/style>/g),
    styleAttributes: all([...html, ...code], /\sstyle="([^"]*)"/g),
  };
}

export function contentSecurityPolicy(hashes: ReturnType<typeof inlineHashes>): string {
  const styleAttributes = hashes.styleAttributes.length ? ["'unsafe-hashes'", ...hashes.styleAttributes] : [];
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.scripts.join(' ')}`.trim(),
    `style-src 'self' ${[...hashes.styles, ...styleAttributes].join(' ')}`.trim(),
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function headersFile(csp: string): string {
  return [
    '/*',
    `  Content-Security-Policy: ${csp}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: no-referrer',
    '  X-Frame-Options: DENY',
    '  Cross-Origin-Opener-Policy: same-origin',
    '  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()',
    '',
  ].join('\n');
}

/** A Vite plugin: after the build and the adapter wrote `build/`, writes `build/_headers`. */
export function securityHeaders(outDir = 'build'): Plugin {
  let root = process.cwd();
  return {
    name: 'laminate-security-headers',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    // SvelteKit's adapter runs in its own `buildApp` hook (order 'post'); this one is listed after
    // SvelteKit's plugins, so it runs after the adapter has written the pages.
    buildApp: {
      order: 'post',
      async handler() {
        const dir = resolve(root, outDir);
        if (!existsSync(join(dir, 'index.html'))) throw new Error(`security headers: no ${outDir}/index.html to hash`);
        const read = (ending: string) => filesEnding(dir, ending).map((f) => readFileSync(f, 'utf8'));
        writeFileSync(
          join(dir, '_headers'),
          headersFile(contentSecurityPolicy(inlineHashes(read('.html'), read('.js')))),
        );
      },
    },
  };
}
