import { fileOutput } from "../file.output";
import { permissionProcedure, router } from "../../trpc";
import { orderByIdHandler } from "./byId.handler";
import { orderByIdInput } from "./byId.schema";
import { orderChangesHandler } from "./changes.handler";
import { orderChangesInput, orderChangesOutput } from "./changes.schema";
import { createOrderHandler } from "./create.handler";
import { createOrderInput } from "./create.schema";
import { exportOrdersHandler } from "./exportCsv.handler";
import { exportOrdersInput } from "./exportCsv.schema";
import { listOrdersHandler } from "./list.handler";
import { listOrdersInput, listOrdersOutput } from "./list.schema";
import { liveOrdersHandler } from "./live.handler";
import { liveOrdersInput } from "./live.schema";
import { orderOutput, placedOrderOutput } from "./order.output";
import { transitionOrderHandler } from "./transition.handler";
import { transitionOrderInput } from "./transition.schema";

const tags = ["Orders"];

export const orderRouter = router({
  list: permissionProcedure("order:read:own")
    .meta({ openapi: { method: "GET", path: "/orders", tags, summary: "Orders, newest first, filtered by status, customer and date" } })
    .input(listOrdersInput)
    .output(listOrdersOutput)
    .query(listOrdersHandler),
  changes: permissionProcedure("order:read:own")
    .meta({
      openapi: {
        method: "GET",
        path: "/orders/changes",
        tags,
        summary: "Orders changed since a cursor, oldest change first (for polling)",
      },
    })
    .input(orderChangesInput)
    .output(orderChangesOutput)
    .query(orderChangesHandler),
  exportCsv: permissionProcedure("order:read:any")
    .meta({
      openapi: {
        method: "GET",
        path: "/orders/export.csv",
        tags,
        summary: "Every order the list's filters select, newest first, one row per line, as CSV (streamed)",
      },
      rest: { file: { mediaType: "text/csv", name: "orders.csv" } },
    })
    .input(exportOrdersInput)
    .output(fileOutput)
    .query(exportOrdersHandler),
  byId: permissionProcedure("order:read:own")
    .meta({ openapi: { method: "GET", path: "/orders/{id}", tags, summary: "One order with its lines and status history" } })
    .input(orderByIdInput)
    .output(orderOutput)
    .query(orderByIdHandler),
  create: permissionProcedure("order:write:own")
    .meta({
      openapi: { method: "POST", path: "/orders", tags, summary: "Place an order (send an Idempotency-Key header)" },
      rest: { successStatus: 201, location: "/orders/{id}", replayedField: "replayed" },
      rateLimit: "checkout",
    })
    .input(createOrderInput)
    .output(placedOrderOutput)
    .mutation(createOrderHandler),
  transition: permissionProcedure("order:write:own")
    .meta({
      openapi: { method: "POST", path: "/orders/{id}/transitions", tags, summary: "Move an order to its next status, or cancel it" },
    })
    .input(transitionOrderInput)
    .output(orderOutput)
    .mutation(transitionOrderHandler),
  /** Orders placed and moved, as it happens, over Server-Sent Events (docs/realtime.md); not on REST. */
  live: permissionProcedure("order:read:own").input(liveOrdersInput).subscription(liveOrdersHandler),
});
