import { permissionProcedure, router } from "../../trpc";
import { catalogProductOutput } from "../products/catalog.output";
import { adjustStockHandler } from "./adjust.handler";
import { adjustStockInput } from "./adjust.schema";
import { listMovementsHandler } from "./movements.handler";
import { listMovementsInput, listMovementsOutput } from "./movements.schema";

const tags = ["Stock"];

/** The stock ledger: adjustments by hand and the history of every change. */
export const stockRouter = router({
  adjust: permissionProcedure("stock:write")
    .meta({
      openapi: {
        method: "POST",
        path: "/products/{productId}/stock-adjustments",
        tags,
        summary: "Adjust stock with a reason (recorded in the ledger)",
      },
    })
    .input(adjustStockInput)
    .output(catalogProductOutput)
    .mutation(adjustStockHandler),
  movements: permissionProcedure("product:read:any")
    .meta({
      openapi: { method: "GET", path: "/products/{productId}/stock-movements", tags, summary: "A product's stock ledger, newest first" },
    })
    .input(listMovementsInput)
    .output(listMovementsOutput)
    .query(listMovementsHandler),
});
