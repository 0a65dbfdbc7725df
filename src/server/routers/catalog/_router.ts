import { permissionProcedure, router } from "../../trpc";
import { catalogByIdHandler } from "./byId.handler";
import { catalogByIdInput } from "./byId.schema";
import { catalogPageOutput, catalogProductOutput } from "./catalog.output";
import { createProductHandler } from "./create.handler";
import { createProductInput } from "./create.schema";
import { listCatalogHandler, lowStockHandler } from "./list.handler";
import { listCatalogInput, lowStockInput } from "./list.schema";
import { archiveProductHandler, unarchiveProductHandler } from "./setArchived.handler";
import { setArchivedInput } from "./setArchived.schema";
import { updateProductHandler } from "./update.handler";
import { updateProductInput } from "./update.schema";

/** Product management for staff, admins and integrators; the storefront reads `product.*`. */
export const catalogRouter = router({
  list: permissionProcedure("product:read:any").input(listCatalogInput).output(catalogPageOutput).query(listCatalogHandler),
  lowStock: permissionProcedure("product:read:any").input(lowStockInput).output(catalogPageOutput).query(lowStockHandler),
  byId: permissionProcedure("product:read:any").input(catalogByIdInput).output(catalogProductOutput).query(catalogByIdHandler),
  create: permissionProcedure("product:write").input(createProductInput).output(catalogProductOutput).mutation(createProductHandler),
  update: permissionProcedure("product:write").input(updateProductInput).output(catalogProductOutput).mutation(updateProductHandler),
  archive: permissionProcedure("product:write").input(setArchivedInput).output(catalogProductOutput).mutation(archiveProductHandler),
  unarchive: permissionProcedure("product:write").input(setArchivedInput).output(catalogProductOutput).mutation(unarchiveProductHandler),
});
