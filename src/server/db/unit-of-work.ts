/**
 * What a write causes once its transaction commits: catalog cache invalidation, identity announcements,
 * business counters. Doing them before the commit would let a concurrent reader cache the old rows again,
 * or count an order that rolled back. A mutation's context carries its unit (`ctx.unit`, filled in by the
 * `transactMutation` middleware); domain code that writes takes it with the transaction as a `Work`, so a
 * reader sees at the call site what a handler causes.
 */
import { getCatalogCache } from "../cache/catalog-cache";
import type { DbClient } from "./index";

export interface UnitOfWork {
  /** These products' catalog fields or stock changed: their cached pages are dropped after the commit. */
  productsChanged(productIds: Iterable<string>): Promise<void>;
  /** Runs `effect` once the transaction commits (never if it rolls back). */
  afterCommit(effect: () => void): void;
}

/** A database client and the unit its writes belong to: what domain code that writes takes. */
export interface Work {
  db: DbClient;
  unit: UnitOfWork;
}

/** The unit of one transaction: collects effects, which `commit` runs once the transaction committed. */
export class DeferredUnitOfWork implements UnitOfWork {
  private readonly changedProducts = new Set<string>();
  private readonly effects: (() => void)[] = [];

  constructor(private readonly invalidateProducts: (productIds: string[]) => Promise<void>) {}

  productsChanged(productIds: Iterable<string>): Promise<void> {
    for (const id of productIds) this.changedProducts.add(id);
    return Promise.resolve();
  }

  afterCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  /**
   * The transaction committed: invalidate what changed, then run the deferred effects. Never throws: the
   * write is committed, so its caller must hear that it succeeded (an error would make a client retry a
   * done order, or the mutation run again); an effect that fails is handed to `onFailure` and the others
   * still run.
   */
  async commit(onFailure: (error: unknown) => void): Promise<void> {
    try {
      if (this.changedProducts.size) await this.invalidateProducts([...this.changedProducts]);
    } catch (error) {
      onFailure(error);
    }
    for (const effect of this.effects) {
      try {
        effect();
      } catch (error) {
        onFailure(error);
      }
    }
  }
}

/** Effects happen at once: for writes that are their own transaction (scripts, sign-out, queries). */
export function immediateUnitOfWork(invalidateProducts: (productIds: string[]) => Promise<void>): UnitOfWork {
  return {
    productsChanged: (productIds) => invalidateProducts([...productIds]),
    afterCommit: (effect) => effect(),
  };
}

/**
 * Work outside any mutation (scripts, sign-out, the benchmark's setup): each write is its own transaction,
 * so what it causes happens at once, against the process's catalog cache.
 */
export function standaloneWork(db: DbClient): Work {
  return { db, unit: immediateUnitOfWork((ids) => getCatalogCache().invalidate(ids)) };
}
