/**
 * The process's life: what must be closed when it stops (database pool, Redis), and whether it is
 * draining. One state per process (./process-singleton.ts), so the production servers (scripts/) and the
 * app's bundled modules see the same hooks.
 */
import { processSingleton } from "./process-singleton";

interface LifecycleState {
  draining: boolean;
  hooks: Map<string, () => Promise<void>>;
}

const state = processSingleton<LifecycleState>("lifecycle").get(() => ({ draining: false, hooks: new Map() }));

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
