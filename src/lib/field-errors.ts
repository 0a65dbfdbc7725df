/** The server's per-field errors (`data.fieldErrors` from the tRPC error formatter), keyed by field path. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const list = (error as { data?: { fieldErrors?: { path: string; message: string }[] | null } } | null)?.data?.fieldErrors ?? [];
  const byPath: Record<string, string> = {};
  for (const { path, message } of list) byPath[path] ??= message;
  return byPath;
}
