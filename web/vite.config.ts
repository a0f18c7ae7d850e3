import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { securityHeaders } from './security-headers.ts';

/**
 * The workspace UI is a single-page app served as the Worker's static assets (SvelteKit 3's
 * Cloudflare adapter does not build yet). The Worker answers /api first; every other path falls
 * back to index.html, and each page authorizes again by calling the API.
 */
export default defineConfig({
  // securityHeaders: build/_headers with a CSP hashed from the built pages (web/security-headers.ts).
  plugins: [
    sveltekit({ adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }) }),
    securityHeaders(),
  ],
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8787' } },
});
