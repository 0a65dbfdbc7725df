import { z } from "zod";
import { OrderStatus } from "@/generated/prisma/enums";

/** Every status, in lifecycle order, with how many orders are in it now (zero included). */
export const ordersByStatusOutput = z.array(z.object({ status: z.enum(OrderStatus), orders: z.number().int() }));
