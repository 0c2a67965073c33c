/**
 * The API reference on the demo page, rendered from an OpenAPI 3.x document. Pure and defensive:
 * it reads only what it recognises, never trusts a string (everything is HTML-escaped), and works
 * for any document, not only ours.
 */

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

export interface Endpoint {
  method: Method;
  path: string;
  summary: string;
  scope: string | null;
  /** ID prefixes of the path's parameters, from their `pattern` or examples (`inv` for `^inv_…`). */
  idPrefixes: string[];
}

export interface ResourceGroup {
  name: string;
  description: string;
  endpoints: Endpoint[];
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A fragment identifier made only of safe characters. */
function slug(name: string): string {
  return (
    'resource-' +
    (name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'other')
  );
}

function prefixOf(parameter: Json): string[] {
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  const fromPattern = /^\^([a-z][a-z0-9]*)_/.exec(text(schema.pattern))?.[1];
  if (fromPattern) return [fromPattern];
  const examples = [parameter.example, schema.example, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  for (const example of examples) {
    const found = /^([a-z][a-z0-9]*)_[A-Za-z0-9]+$/.exec(text(example))?.[1];
    if (found) return [found];
  }
  return [];
}

/** The document's operations grouped by their first tag, in the document's tag order. */
export function groupOperations(doc: unknown): ResourceGroup[] {
  if (!isObject(doc) || !isObject(doc.paths)) return [];
  const groups = new Map<string, ResourceGroup>();
  const declaredTags = Array.isArray(doc.tags) ? doc.tags.filter(isObject) : [];
  for (const tag of declaredTags) {
    const name = text(tag.name);
    if (name) groups.set(name, { name, description: text(tag.description), endpoints: [] });
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters.filter(isObject) : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const tagName = (Array.isArray(op.tags) ? text(op.tags[0]) : '') || 'Other';
      let group = groups.get(tagName);
      if (!group) groups.set(tagName, (group = { name: tagName, description: '', endpoints: [] }));
      const parameters = [...shared, ...(Array.isArray(op.parameters) ? op.parameters.filter(isObject) : [])];
      const idPrefixes = [...new Set(parameters.filter((p) => p.in === 'path').flatMap(prefixOf))];
      const scope = text(op['x-required-scope']) || null;
      group.endpoints.push({ method, path, summary: text(op.summary) || text(op.operationId), scope, idPrefixes });
    }
  }
  return [...groups.values()].filter((g) => g.endpoints.length > 0);
}

function renderEndpoint(endpoint: Endpoint): string {
  const scope =
    endpoint.scope && endpoint.scope !== 'user-session'
      ? `<span class="scope" title="Required API-key scope">${escapeHtml(endpoint.scope)}</span>`
      : endpoint.scope === 'user-session'
        ? '<span class="scope scope-session" title="Needs a signed-in user, not an API key">user session</span>'
        : '';
  return (
    `<li class="endpoint">` +
    `<span class="method method-${endpoint.method}">${endpoint.method.toUpperCase()}</span>` +
    `<code class="path">${escapeHtml(endpoint.path)}</code>` +
    `<span class="summary">${escapeHtml(endpoint.summary)}</span>${scope}</li>`
  );
}

function renderGroup(group: ResourceGroup): string {
  const prefixes = [...new Set(group.endpoints.flatMap((e) => e.idPrefixes))];
  const ids = prefixes.length
    ? `<p class="ids">IDs look like ${prefixes.map((p) => `<code>${escapeHtml(p)}_…</code>`).join(', ')}</p>`
    : '';
  const description = group.description ? `<p>${escapeHtml(group.description)}</p>` : '';
  return (
    `<section class="resource" id="${slug(group.name)}">` +
    `<h3>${escapeHtml(group.name)}</h3>${description}${ids}` +
    `<ul class="endpoints">${group.endpoints.map(renderEndpoint).join('')}</ul></section>`
  );
}

function renderAuthentication(doc: Json): string {
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const items = Object.entries(schemes)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([name, scheme]) => {
      let how = '';
      if (scheme.type === 'apiKey') how = `<code>${escapeHtml(text(scheme.name))}</code> ${escapeHtml(text(scheme.in))}`;
      else if (scheme.type === 'http') how = `<code>Authorization: ${escapeHtml(text(scheme.scheme).replace(/^bearer$/i, 'Bearer'))} …</code>`;
      else how = escapeHtml(text(scheme.type));
      const description = text(scheme.description) ? ` — ${escapeHtml(text(scheme.description))}` : '';
      return `<li><strong>${escapeHtml(name)}</strong>: ${how}${description}</li>`;
    });
  return items.length ? `<section class="authentication"><h3>Authentication</h3><ul>${items.join('')}</ul></section>` : '';
}

/** The reference: base URL, authentication, a contents list and one section per resource. */
export function renderDocs(doc: unknown): string {
  if (!isObject(doc)) return '<p class="empty">No API description available.</p>';
  const groups = groupOperations(doc);
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? text(doc.servers[0].url) : '';
  const info = isObject(doc.info) ? doc.info : {};
  const version = text(info.version);
  const meta =
    `<p class="reference-meta">` +
    (server ? `Base URL <code>${escapeHtml(server)}</code>` : '') +
    (version ? ` · version ${escapeHtml(version)}` : '') +
    ` · ${groups.reduce((n, g) => n + g.endpoints.length, 0)} endpoints</p>`;
  const contents = `<nav class="contents" aria-label="Resources"><ul>${groups
    .map((g) => `<li><a href="#${slug(g.name)}">${escapeHtml(g.name)}</a></li>`)
    .join('')}</ul></nav>`;
  return meta + renderAuthentication(doc) + contents + groups.map(renderGroup).join('');
}
