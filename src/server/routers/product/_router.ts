import { publicProcedure, router } from "../../trpc";
import { productByIdHandler } from "./byId.handler";
import { productByIdInput } from "./byId.schema";
import { listProductsHandler } from "./list.handler";
import { listProductsInput, listProductsOutput } from "./list.schema";
import { productOutput } from "./product.output";

export const productRouter = router({
  list: publicProcedure.input(listProductsInput).output(listProductsOutput).query(listProductsHandler),
  byId: publicProcedure.input(productByIdInput).output(productOutput).query(productByIdHandler),
});
