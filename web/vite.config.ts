import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/**
 * The workspace UI is a single-page app served as the Worker's static assets (SvelteKit 3's
 * Cloudflare adapter does not build yet). The Worker answers /api first; every other path falls
 * back to index.html, and each page authorizes again by calling the API.
 */
export default defineConfig({
  plugins: [sveltekit({ adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }) })],
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8787' } },
});
