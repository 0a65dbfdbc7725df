import { publicProcedure, router } from "../../trpc";
import { availabilityHandler } from "./availability.handler";
import { availabilityInput } from "./availability.schema";
import { productByIdHandler } from "./byId.handler";
import { productByIdInput } from "./byId.schema";
import { listProductsHandler } from "./list.handler";
import { listProductsInput, listProductsOutput } from "./list.schema";
import { productDetailOutput } from "./product.output";

const tags = ["Storefront"];

/** The storefront's catalog: active products only, public, cached (src/server/cache/catalog-cache.ts). */
export const storefrontRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/storefront/products",
        tags,
        summary: "Products on sale, by name, with search and a cursor (public)",
      },
    })
    .input(listProductsInput)
    .output(listProductsOutput)
    .query(listProductsHandler),
  byId: publicProcedure
    .meta({ openapi: { method: "GET", path: "/storefront/products/{id}", tags, summary: "One product on sale (public)" } })
    .input(productByIdInput)
    .output(productDetailOutput)
    .query(productByIdHandler),
  /** Followed products running out, archived or changed, over Server-Sent Events (docs/realtime.md); not on REST. */
  availability: publicProcedure.input(availabilityInput).subscription(availabilityHandler),
});
