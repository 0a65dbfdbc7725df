/**
 * The process's life: what must be closed when it stops (database pool, Redis), and whether it is
 * draining. State lives on globalThis under a registered symbol, so the production server
 * (scripts/server.ts) and the app's bundled modules see the same hooks.
 */
interface LifecycleState {
  draining: boolean;
  hooks: Map<string, () => Promise<void>>;
}

const key = Symbol.for("stockroom.lifecycle");
const state: LifecycleState = ((globalThis as Record<symbol, unknown>)[key] as LifecycleState | undefined) ?? { draining: false, hooks: new Map() };
(globalThis as Record<symbol, unknown>)[key] = state;

/** Registers (or replaces) something to close when the process stops. */
export function onShutdown(name: string, close: () => Promise<void>): void {
  state.hooks.set(name, close);
}

/** True once shutdown has begun: readiness answers 503 so load balancers stop sending requests. */
export function isDraining(): boolean {
  return state.draining;
}

export function beginDraining(): void {
  state.draining = true;
}

/** Runs every shutdown hook once, in parallel; returns the names of those that failed. */
export async function runShutdownHooks(): Promise<{ name: string; error: unknown }[]> {
  const hooks = [...state.hooks];
  state.hooks.clear();
  const results = await Promise.allSettled(hooks.map(([, close]) => close()));
  return results.flatMap((r, i) => (r.status === "rejected" ? [{ name: hooks[i]![0], error: r.reason }] : []));
}
