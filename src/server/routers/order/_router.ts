import { permissionProcedure, router } from "../../trpc";
import { orderByIdHandler } from "./byId.handler";
import { orderByIdInput } from "./byId.schema";
import { listOrdersHandler } from "./list.handler";
import { listOrdersInput, listOrdersOutput } from "./list.schema";
import { orderOutput } from "./order.output";

export const orderRouter = router({
  list: permissionProcedure("order:read:own").input(listOrdersInput).output(listOrdersOutput).query(listOrdersHandler),
  byId: permissionProcedure("order:read:own").input(orderByIdInput).output(orderOutput).query(orderByIdHandler),
});
