// A single-page app: pages render in the browser, where the session cookie lives.
export const ssr = false;
export const prerender = false;
