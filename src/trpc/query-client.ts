import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

/**
 * The one QueryClient shape for both sides: a server component prefetches into one (src/trpc/server.tsx),
 * its cache travels to the browser with superjson (Dates stay Dates) and the browser's client takes it over,
 * so a prefetched query is not fetched again (30 s fresh).
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1 },
      dehydrate: {
        serializeData: superjson.serialize,
        // A prefetch still running when the page streams is sent too; the browser waits for it instead of asking again.
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
