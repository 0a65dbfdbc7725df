import { permissionProcedure, router } from "../../trpc";
import { catalogProductOutput } from "../catalog/catalog.output";
import { adjustStockHandler } from "./adjust.handler";
import { adjustStockInput } from "./adjust.schema";
import { listMovementsHandler } from "./movements.handler";
import { listMovementsInput, listMovementsOutput } from "./movements.schema";

/** The stock ledger: adjustments by hand and the history of every change. */
export const stockRouter = router({
  adjust: permissionProcedure("stock:write").input(adjustStockInput).output(catalogProductOutput).mutation(adjustStockHandler),
  movements: permissionProcedure("product:read:any").input(listMovementsInput).output(listMovementsOutput).query(listMovementsHandler),
});
