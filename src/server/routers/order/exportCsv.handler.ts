import { minorToText } from "@/lib/money";
import type { ActorContext } from "../../context";
import { csvChunks, type CsvValue } from "../../csv/write";
import type { ExportOrdersInput } from "./exportCsv.schema";
import { listOrdersHandler } from "./list.handler";
import { listOrdersInput } from "./list.schema";

/** How many orders one query reads (with their lines): the export never holds more. */
const EXPORT_PAGE = 100;

export const orderCsvColumns = [
  "orderNumber",
  "orderId",
  "createdAt",
  "status",
  "customerEmail",
  "customerName",
  "currency",
  "orderSubtotal",
  "orderTotal",
  "lineSku",
  "lineName",
  "quantity",
  "unitPrice",
  "lineTotal",
] as const;

type Order = Awaited<ReturnType<typeof listOrdersHandler>>["items"][number];
type Line = { order: Order; line: Order["lines"][number] };

async function* lines(ctx: Pick<ActorContext, "actor" | "db">, input: ExportOrdersInput) {
  let cursor: string | null = null;
  do {
    const page = await listOrdersHandler({ ctx, input: listOrdersInput.parse({ ...input, limit: EXPORT_PAGE, cursor }) });
    yield page.items.flatMap((order) => order.lines.map((line): Line => ({ order, line })));
    cursor = page.nextCursor;
  } while (cursor);
}

function orderCsvRow({ order, line }: Line): CsvValue[] {
  const money = (minor: number) => minorToText(minor, order.currency);
  return [
    order.number,
    order.id,
    order.createdAt.toISOString(),
    order.status,
    order.customer.email,
    order.customer.name,
    order.currency,
    money(order.subtotalMinor),
    money(order.totalMinor),
    line.sku,
    line.name,
    line.quantity,
    money(line.unitPriceMinor),
    money(line.lineTotalMinor),
  ];
}

/** Orders newest first, filtered as the list is, as CSV with one row per line; streamed page by page. */
export function exportOrdersHandler({ ctx, input }: { ctx: Pick<ActorContext, "actor" | "db">; input: ExportOrdersInput }) {
  return csvChunks(orderCsvColumns, lines(ctx, input), orderCsvRow);
}
