import { fileOutput } from "../file.output";
import { permissionProcedure, router, uploadProcedure } from "../../trpc";
import { addImageHandler } from "./addImage.handler";
import { addImageInput } from "./addImage.schema";
import { productImagesOutput } from "./image.output";
import { removeImageHandler } from "./removeImage.handler";
import { removeImageInput } from "./removeImage.schema";
import { updateImageHandler } from "./updateImage.handler";
import { updateImageInput } from "./updateImage.schema";
import { catalogByIdHandler } from "./byId.handler";
import { catalogByIdInput } from "./byId.schema";
import { catalogPageOutput, catalogProductDetailOutput, catalogProductOutput } from "./catalog.output";
import { createProductHandler } from "./create.handler";
import { createProductInput } from "./create.schema";
import { exportProductsHandler } from "./exportCsv.handler";
import { exportProductsInput } from "./exportCsv.schema";
import { importProductsHandler } from "./importCsv.handler";
import { importProductsInput, importProductsOutput } from "./importCsv.schema";
import { listCatalogHandler, lowStockHandler } from "./list.handler";
import { listCatalogInput, lowStockInput } from "./list.schema";
import { archiveProductHandler, unarchiveProductHandler } from "./setArchived.handler";
import { archiveManyHandler } from "./archiveMany.handler";
import { archiveManyInput, archiveManyOutput } from "./archiveMany.schema";
import { setArchivedInput } from "./setArchived.schema";
import { updateProductHandler } from "./update.handler";
import { updateProductInput } from "./update.schema";

const tags = ["Products"];

/** Product management for staff, admins and integrators; the storefront reads `storefront.*`. */
export const productsRouter = router({
  list: permissionProcedure("product:read:any")
    .meta({
      openapi: { method: "GET", path: "/products", tags, summary: "List products (archived too) with filters, sorting and a cursor" },
    })
    .input(listCatalogInput)
    .output(catalogPageOutput)
    .query(listCatalogHandler),
  lowStock: permissionProcedure("product:read:any")
    .meta({
      openapi: {
        method: "GET",
        path: "/products/low-stock",
        tags,
        summary: "Products at or below their low-stock threshold, emptiest first",
      },
    })
    .input(lowStockInput)
    .output(catalogPageOutput)
    .query(lowStockHandler),
  exportCsv: permissionProcedure("product:read:any")
    .meta({
      openapi: {
        method: "GET",
        path: "/products/export.csv",
        tags,
        summary: "Every product the list's filters select, as CSV (streamed; the import reads the same columns)",
      },
      rest: { file: { mediaType: "text/csv", name: "products.csv" } },
    })
    .input(exportProductsInput)
    .output(fileOutput)
    .query(exportProductsHandler),
  importCsv: permissionProcedure("product:write")
    .meta({
      openapi: {
        method: "POST",
        path: "/products/import",
        tags,
        summary: "Create and update products from CSV by SKU: a dry run lists every problem; an apply writes all rows or none",
      },
    })
    .input(importProductsInput)
    .output(importProductsOutput)
    .mutation(importProductsHandler),
  byId: permissionProcedure("product:read:any")
    .meta({ openapi: { method: "GET", path: "/products/{id}", tags, summary: "One product, archived or not" } })
    .input(catalogByIdInput)
    .output(catalogProductDetailOutput)
    .query(catalogByIdHandler),
  create: permissionProcedure("product:write")
    .meta({
      openapi: { method: "POST", path: "/products", tags, summary: "Create a product" },
      rest: { successStatus: 201, location: "/products/{id}" },
    })
    .input(createProductInput)
    .output(catalogProductOutput)
    .mutation(createProductHandler),
  update: permissionProcedure("product:write")
    .meta({
      openapi: {
        method: "PATCH",
        path: "/products/{id}",
        tags,
        summary: "Change a product's fields (stock changes through stock adjustments)",
      },
    })
    .input(updateProductInput)
    .output(catalogProductOutput)
    .mutation(updateProductHandler),
  archive: permissionProcedure("product:write")
    .meta({
      openapi: { method: "DELETE", path: "/products/{id}", tags, summary: "Archive a product (it keeps its order history)" },
      rest: { successStatus: 204 },
    })
    .input(setArchivedInput)
    .output(catalogProductOutput)
    .mutation(archiveProductHandler),
  archiveMany: permissionProcedure("product:write")
    .meta({ openapi: { method: "POST", path: "/products/archive", tags, summary: "Archive several products at once (all or none)" } })
    .input(archiveManyInput)
    .output(archiveManyOutput)
    .mutation(archiveManyHandler),
  addImage: uploadProcedure("product:write")
    .meta({
      openapi: {
        method: "POST",
        path: "/products/{productId}/images",
        tags,
        summary: "Add a picture (multipart/form-data: file, alt); the first one is the main picture",
        contentTypes: ["multipart/form-data"],
      },
      rest: { successStatus: 201 },
    })
    .input(addImageInput)
    .output(productImagesOutput)
    .mutation(addImageHandler),
  updateImage: permissionProcedure("product:write")
    .meta({
      openapi: {
        method: "PATCH",
        path: "/products/{productId}/images/{imageId}",
        tags,
        summary: "Change a picture's alt text or its place (position 0 makes it the main picture)",
      },
    })
    .input(updateImageInput)
    .output(productImagesOutput)
    .mutation(updateImageHandler),
  removeImage: permissionProcedure("product:write")
    .meta({
      openapi: { method: "DELETE", path: "/products/{productId}/images/{imageId}", tags, summary: "Remove a picture" },
      rest: { successStatus: 204 },
    })
    .input(removeImageInput)
    .output(productImagesOutput)
    .mutation(removeImageHandler),
  unarchive: permissionProcedure("product:write")
    .meta({ openapi: { method: "POST", path: "/products/{id}/unarchive", tags, summary: "Put an archived product back on sale" } })
    .input(setArchivedInput)
    .output(catalogProductOutput)
    .mutation(unarchiveProductHandler),
});
