/**
 * The `/docs` reference page: server-rendered from the OpenAPI document, no scripts, no CDN.
 * Built with Hono's `html` helper, which escapes every interpolated value.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Json = Record<string, unknown>;
type Op = {
  summary?: string;
  description?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
};

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
code,pre{font:13px ui-monospace,monospace;background:#f4f4f2;border-radius:4px}pre{padding:.6rem;overflow:auto}
.op{border-top:1px solid #ddd;padding:.8rem 0}.m{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}
h2{margin-top:2rem}nav a{margin-right:1rem}`;

const REF = '#/components/schemas/';

/** A named schema links to its entry below; an inline one is printed. */
function schemaView(schema: Json) {
  const ref =
    typeof schema.$ref === 'string' && schema.$ref.startsWith(REF) ? schema.$ref.slice(REF.length) : undefined;
  return ref
    ? html`<a href="#schema-${ref}"><code>${ref}</code></a>`
    : html`<pre>${JSON.stringify(schema, null, 2)}</pre>`;
}

function operation(path: string, method: string, op: Op): HtmlEscapedString | Promise<HtmlEscapedString> {
  const body = op.requestBody?.content['application/json']?.schema;
  const [status, response] = Object.entries(op.responses)[0] ?? ['200', {}];
  const out = response?.content ? Object.values(response.content)[0]?.schema : undefined;
  return html`<div class="op" id="${method}-${path}">
    <div><span class="m">${method}</span><code>${path}</code></div>
    <p>${op.summary ?? ''}</p>
    ${op.description ? html`<p>${op.description}</p>` : ''}
    ${body ? html`<p>request body: ${schemaView(body)}</p>` : ''}
    ${out ? html`<p>response ${status}: ${schemaView(out)}</p>` : ''}
  </div>`;
}

export function docsPage(doc: Json): HtmlEscapedString | Promise<HtmlEscapedString> {
  const paths = doc.paths as Record<string, Record<string, Op>>;
  const byTag = new Map<string, (HtmlEscapedString | Promise<HtmlEscapedString>)[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op)]);
    }
  }
  const info = doc.info as { title: string; version: string; description: string };
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${info.title}</title><style>${raw(STYLE)}</style></head>
<body><h1>${info.title} <small>${info.version}</small></h1>
<p>${info.description} The machine-readable document is <a href="/openapi.json">/openapi.json</a>; errors are <code>{ code, message, requestId }</code>.</p>
<nav>${[...byTag.keys()].map((tag) => html`<a href="#${tag}">${tag}</a>`)}<a href="#schemas">Schemas</a></nav>
${[...byTag.entries()].map(([tag, ops]) => html`<h2 id="${tag}">${tag}</h2>${ops}`)}
<h2 id="schemas">Schemas</h2>
${Object.entries((doc.components as { schemas: Record<string, Json> }).schemas).map(([name, schema]) => html`<details id="schema-${name}"><summary><code>${name}</code></summary><pre>${JSON.stringify(schema, null, 2)}</pre></details>`)}
</body></html>`;
}
