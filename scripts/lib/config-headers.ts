/**
 * The response headers next.config.js's `headers()` gives a path, for responses the fast path serves
 * without Next.js: the config stays their one definition. Each rule whose `source` matches adds its
 * headers, a later rule's value winning, as in Next.js. Sources may use literal segments and `:name`,
 * `:name?`, `:name*`, `:name+`; a rule with anything else (regular expressions, `has`, `missing`, locales)
 * stops the server at start-up rather than being applied differently from Next.js.
 */
interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
  has?: unknown;
  missing?: unknown;
  locale?: unknown;
  basePath?: unknown;
}

export type HeadersFor = (pathname: string) => Record<string, string>;

export function headersFromRules(rules: HeaderRule[]): HeadersFor {
  const compiled = rules.map((rule) => {
    if (rule.has || rule.missing || rule.locale !== undefined || rule.basePath !== undefined)
      throw new Error(`next.config.js headers(): the fast path cannot apply "${rule.source}" (has/missing/locale/basePath)`);
    return { test: sourcePattern(rule.source), headers: rule.headers };
  });
  const cache = new Map<string, Record<string, string>>();
  return (pathname) => {
    let headers = cache.get(pathname);
    if (headers) return headers;
    headers = {};
    for (const rule of compiled)
      if (rule.test.test(pathname)) for (const { key, value } of rule.headers) headers[key.toLowerCase()] = value;
    // Paths repeat (a route's handful of shapes); bounded so that random paths cannot grow it.
    if (cache.size < 1_000) cache.set(pathname, headers);
    return headers;
  };
}

function sourcePattern(source: string): RegExp {
  if (!source.startsWith("/")) throw new Error(`next.config.js headers(): source "${source}" must start with /`);
  let pattern = "";
  for (const segment of source.slice(1).split("/")) {
    const param = /^:(\w+)([?*+]?)$/.exec(segment);
    if (param) {
      const modifier = param[2];
      if (modifier === "") pattern += "/[^/]+";
      else if (modifier === "?") pattern += "(?:/[^/]+)?";
      else if (modifier === "*") pattern += "(?:/.*)?";
      else pattern += "/.+";
    } else if (/^[\w.~-]*$/.test(segment)) {
      pattern += `/${segment.replace(/\./g, "\\.")}`;
    } else {
      throw new Error(`next.config.js headers(): the fast path cannot match the source "${source}"`);
    }
  }
  return new RegExp(`^${pattern}/?$`);
}

/** next.config.js's header rules, as Next.js would read them. */
export async function loadConfigHeaders(configFile: string): Promise<HeadersFor> {
  const { pathToFileURL } = await import("node:url");
  const config = ((await import(pathToFileURL(configFile).href)) as { default: { headers?: () => Promise<HeaderRule[]> } }).default;
  return headersFromRules((await config.headers?.()) ?? []);
}
