import { DELETE, GET, OPTIONS, PATCH, POST } from "../../src/app/api/v1/[...path]/route";

const handlers = { GET, POST, PATCH, DELETE, OPTIONS } as const;

/** A real Request through the /api/v1 route handler; the answer with its JSON body parsed. */
export async function rest(
  method: keyof typeof handlers,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  const req = new Request(`http://stockroom.test/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const res = await handlers[method](req);
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON; the assertions check its shape
  type Json = any;
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as { data: Json; meta: Json; errors: Json }) : null };
}
