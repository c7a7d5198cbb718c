import type { JsonSchema, OpenApiDocument, OpenApiOperation } from './openapi';

/**
 * A readable, server-rendered page of the operations in the OpenAPI document. No scripts
 * (the CSP allows only same-origin scripts, and none are needed), only an inline style.
 */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Escaped text with `code spans` rendered as <code>. */
const prose = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** `{ email*, name*, password* }` from a JSON Schema object. */
function fieldsOf(schema: JsonSchema | undefined): string {
  const props = schema?.properties as Record<string, unknown> | undefined;
  if (!props) return '';
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.keys(props)
    .map((k) => (required.has(k) ? `${k}*` : k))
    .join(', ');
}

function accessOf(op: OpenApiOperation): string {
  if (op['x-access'] === 'permission') return `<code>${escapeHtml(op['x-permission'] ?? '')}</code>`;
  if (op['x-access'] === 'authenticated') return 'signed in';
  if (op['x-access'] === 'public') return 'public';
  return '<strong>none declared</strong>';
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => String(p.name));
      const body = fieldsOf(op.requestBody?.content['application/json'].schema);
      rows.push(
        `<tr><td class="m m-${method}">${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${accessOf(op)}</td><td>${escapeHtml(body)}</td><td>${escapeHtml(query.join(', '))}</td>` +
          `<td>${prose(op.description)}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — operations</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1f2933; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d9e2ec; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; position: sticky; top: 0; }
code { font-size: 13px; }
.m { font-weight: 600; font-family: ui-monospace, monospace; }
.m-get { color: #2f6f44; } .m-post { color: #1f5fa8; } .m-put, .m-patch { color: #8a5a00; } .m-delete { color: #b42318; }
</style>
</head>
<body>
<h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1>
<p>${prose(doc.info.description)}</p>
<p>Machine-readable OpenAPI ${escapeHtml(doc.openapi)} document: <a href="/api/docs">/api/docs</a>. Fields marked * are required.</p>
<table>
<thead><tr><th>Method</th><th>Path</th><th>Access</th><th>Body fields</th><th>Query</th><th>Notes</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
