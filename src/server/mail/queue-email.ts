/** Queues a customer email in the work's transaction: the order and its email commit together, or neither. */
import type { Work } from "../db/unit-of-work";
import { writeJobs } from "../jobs/queue";
import type { OrderEmailKind } from "./order-emails";

export const emailQueues: Record<OrderEmailKind, string> = { placed: "email-order-placed", shipped: "email-order-shipped" };

export async function queueOrderEmail(work: Work, orderId: string, kind: OrderEmailKind): Promise<void> {
  await writeJobs(work.db, [{ name: emailQueues[kind], data: { orderId } }]);
}
