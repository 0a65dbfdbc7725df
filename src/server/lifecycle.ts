/**
 * The process's life: what must be closed when it stops (database pool, Redis), and whether it is
 * draining. One state per process (./process-singleton.ts), so the production servers (scripts/) and the
 * app's bundled modules see the same hooks.
 */
import { processSingleton } from "./process-singleton";

interface LifecycleState {
  draining: boolean;
  drainListeners: Set<() => void>;
  hooks: Map<string, { close: () => Promise<void>; stage: ShutdownStage }>;
}

/** `work` closes first (the job runner still needs the database to hand jobs back), then `resources`. */
export type ShutdownStage = "work" | "resources";

const state = processSingleton<LifecycleState>("lifecycle").get(() => ({ draining: false, drainListeners: new Set(), hooks: new Map() }));

/** Registers (or replaces) something to close when the process stops. */
export function onShutdown(name: string, close: () => Promise<void>, stage: ShutdownStage = "resources"): void {
  state.hooks.set(name, { close, stage });
}

/** True once shutdown has begun: readiness answers 503 so load balancers stop sending requests. */
export function isDraining(): boolean {
  return state.draining;
}

export function beginDraining(): void {
  if (state.draining) return;
  state.draining = true;
  for (const listener of state.drainListeners) listener();
}

/**
 * Called when draining begins, before the server waits for requests in flight: for requests that would
 * otherwise hold it open (realtime streams end, and their clients reconnect to another instance).
 */
export function onDraining(listener: () => void): () => void {
  state.drainListeners.add(listener);
  return () => state.drainListeners.delete(listener);
}

/** Runs every shutdown hook once, a stage at a time, in parallel within it; returns the names of those that failed. */
export async function runShutdownHooks(): Promise<{ name: string; error: unknown }[]> {
  const hooks = [...state.hooks];
  state.hooks.clear();
  const failures: { name: string; error: unknown }[] = [];
  for (const stage of ["work", "resources"] as const) {
    const staged = hooks.filter(([, hook]) => hook.stage === stage);
    const results = await Promise.allSettled(staged.map(([, hook]) => hook.close()));
    results.forEach((r, i) => r.status === "rejected" && failures.push({ name: staged[i]![0], error: r.reason }));
  }
  return failures;
}
