/**
 * What a mutation's transaction changed, for the work that must wait until it commits: cache invalidation
 * and business counters. The `transactMutation` middleware opens a unit around the transaction; code deep
 * inside it (the stock ledger, catalog handlers) records changes without having the context at hand.
 * Invalidating before the commit would let a concurrent reader cache the old rows again.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { processSingleton } from "./process-singleton";

export interface UnitOfWork {
  /** Products whose catalog fields or stock changed. */
  changedProducts: Set<string>;
  afterCommit: (() => void)[];
}

// One per process: a unit must be seen by every copy of this module (Next.js bundles each route apart).
const storage = processSingleton<AsyncLocalStorage<UnitOfWork>>("unitOfWork").get(() => new AsyncLocalStorage());

/** Runs `work` (a transaction) as a unit; returns what it recorded. */
export async function inUnitOfWork<T>(work: () => Promise<T>): Promise<{ result: T; unit: UnitOfWork }> {
  const unit: UnitOfWork = { changedProducts: new Set(), afterCommit: [] };
  const result = await storage.run(unit, work);
  return { result, unit };
}

/**
 * Records that these products changed. Outside a unit (a script writing on its own) there is nothing to
 * wait for: `immediately` runs now.
 */
export async function recordProductChanges(productIds: Iterable<string>, immediately: (ids: string[]) => Promise<void>): Promise<void> {
  const unit = storage.getStore();
  if (unit) for (const id of productIds) unit.changedProducts.add(id);
  else await immediately([...productIds]);
}

/** Runs `effect` once the current unit commits (never if it rolls back); at once outside a unit. */
export function afterCommit(effect: () => void): void {
  const unit = storage.getStore();
  if (unit) unit.afterCommit.push(effect);
  else effect();
}
