import { permissionProcedure, router } from "../../trpc";
import { orderByIdHandler } from "./byId.handler";
import { orderByIdInput } from "./byId.schema";
import { createOrderHandler } from "./create.handler";
import { createOrderInput } from "./create.schema";
import { listOrdersHandler } from "./list.handler";
import { listOrdersInput, listOrdersOutput } from "./list.schema";
import { placedOrderOutput, orderOutput } from "./order.output";
import { transitionOrderHandler } from "./transition.handler";
import { transitionOrderInput } from "./transition.schema";

export const orderRouter = router({
  list: permissionProcedure("order:read:own").input(listOrdersInput).output(listOrdersOutput).query(listOrdersHandler),
  byId: permissionProcedure("order:read:own").input(orderByIdInput).output(orderOutput).query(orderByIdHandler),
  create: permissionProcedure("order:write:own").input(createOrderInput).output(placedOrderOutput).mutation(createOrderHandler),
  transition: permissionProcedure("order:write:own").input(transitionOrderInput).output(orderOutput).mutation(transitionOrderHandler),
});
