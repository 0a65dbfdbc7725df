import { permissionProcedure, router } from "../../trpc";
import { inventoryHandler } from "./inventory.handler";
import { inventoryOutput } from "./inventory.schema";
import { ordersByStatusHandler } from "./ordersByStatus.handler";
import { ordersByStatusOutput } from "./ordersByStatus.schema";
import { salesHandler } from "./sales.handler";
import { salesOutput } from "./sales.schema";
import { topProductsHandler } from "./topProducts.handler";
import { topProductsOutput } from "./topProducts.schema";

const tags = ["Reports"];

/** The dashboard's figures for staff, admins and `reports:read` keys (the back office's /admin). */
export const reportRouter = router({
  sales: permissionProcedure("report:read")
    .meta({
      openapi: { method: "GET", path: "/reports/sales", tags, summary: "Orders and revenue per day for the last 30 days, and totals" },
    })
    .output(salesOutput)
    .query(salesHandler),
  ordersByStatus: permissionProcedure("report:read")
    .meta({ openapi: { method: "GET", path: "/reports/orders-by-status", tags, summary: "How many orders are in each status" } })
    .output(ordersByStatusOutput)
    .query(ordersByStatusHandler),
  topProducts: permissionProcedure("report:read")
    .meta({
      openapi: { method: "GET", path: "/reports/top-products", tags, summary: "Best sellers of the last 30 days, by units and by revenue" },
    })
    .output(topProductsOutput)
    .query(topProductsHandler),
  inventory: permissionProcedure("report:read")
    .meta({
      openapi: {
        method: "GET",
        path: "/reports/inventory",
        tags,
        summary: "Stock on sale per currency (units, value, low and out of stock) and what needs stock",
      },
    })
    .output(inventoryOutput)
    .query(inventoryHandler),
});
