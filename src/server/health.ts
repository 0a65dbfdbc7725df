import type { Db } from "./db";

export type CheckState = "ok" | "error";

export interface HealthReport {
  status: "ok" | "error";
  checks: { database: CheckState };
}

/** `SELECT 1` on the database, bounded by a timeout so a hung connection reports instead of hanging. */
export async function checkHealth(db: Db, timeoutMs = 3_000): Promise<HealthReport> {
  const database = await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs).then(
    () => "ok" as const,
    () => "error" as const,
  );
  return { status: database === "ok" ? "ok" : "error", checks: { database } };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
