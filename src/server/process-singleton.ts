/**
 * One value per process, kept on globalThis under a registered symbol. Next.js bundles each route
 * separately (a module-level variable would exist once per route), development reloads re-run modules,
 * and the production servers (scripts/) load their own copies of these modules: all must share the
 * database pool, the Redis connection, the logger, the metrics registry and the like.
 */
export interface ProcessSingleton<T> {
  /** The value, made by `make` the first time (null counts as made). */
  get(make: () => T): T;
  /** The value if it was made. */
  peek(): T | undefined;
  /** Replaces the value; undefined forgets it (the next `get` makes a new one). */
  set(value: T | undefined): void;
}

export function processSingleton<T>(name: string): ProcessSingleton<T> {
  const key = Symbol.for(`stockroom.${name}`);
  const store = globalThis as Record<symbol, T | undefined>;
  return {
    get(make) {
      if (store[key] === undefined) store[key] = make();
      return store[key];
    },
    peek: () => store[key],
    set(value) {
      store[key] = value;
    },
  };
}
