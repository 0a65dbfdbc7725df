import type { Prisma } from "@/generated/prisma/client";
import type { ActorContext } from "../../context";
import { keysetAfter, pageOf } from "../../cursor";
import { mainImagesOf } from "./image.output";
import type { DbClient } from "../../db";
import { appError } from "../../errors";
import { isoInstant } from "../../instant";
import { escapeLikePattern } from "../../like";
import { catalogProductSelect, toCatalogProduct } from "./catalog.output";
import type { ListCatalogInput, LowStockInput } from "./list.schema";

const sortColumns = { name: "name", price: "priceMinor", stock: "stock", updated: "updatedAt" } as const;

const invalidCursor = () =>
  appError("BAD_REQUEST", "INVALID_CURSOR", "Invalid cursor: pass back a nextCursor from a previous page", { field: "cursor" });

/** The cursor's sort value, checked against the column's type (a hand-made cursor must not reach SQL). */
function cursorValue(column: (typeof sortColumns)[keyof typeof sortColumns], raw: string | number): string | number | Date {
  if (column === "priceMinor" || column === "stock") {
    if (typeof raw !== "number" || !Number.isInteger(raw)) throw invalidCursor();
    return raw;
  }
  if (typeof raw !== "string") throw invalidCursor();
  if (column === "name") return raw;
  if (!isoInstant.safeParse(raw).success) throw invalidCursor();
  return new Date(raw);
}

/**
 * The back office's product list: every filter combines with every sort, and pages are keyset pages over
 * (sort column, id) in either direction, each backed by an index on those two columns.
 */
export async function queryCatalog(db: DbClient, input: ListCatalogInput) {
  const column = sortColumns[input.sort];
  const and: Prisma.ProductWhereInput[] = [];
  if (input.status !== "all") and.push({ active: input.status === "active" });
  if (input.lowStock) and.push({ stock: { lte: db.product.fields.lowStockThreshold } });
  if (input.search) {
    const search = escapeLikePattern(input.search);
    and.push({ OR: [{ name: { contains: search, mode: "insensitive" } }, { sku: { contains: search, mode: "insensitive" } }] });
  }
  if (input.cursor) {
    const [sort, direction, raw, id] = input.cursor;
    if (sort !== input.sort || direction !== input.order) {
      throw appError("BAD_REQUEST", "CURSOR_MISMATCH", "This cursor belongs to a different sort; start again without it", {
        field: "cursor",
      });
    }
    and.push(keysetAfter(column, cursorValue(column, raw), id, direction));
  }
  const rows = await db.product.findMany({
    where: { AND: and },
    orderBy: [{ [column]: input.order }, { id: input.order }],
    take: input.limit + 1,
    select: catalogProductSelect,
  });
  const page = pageOf(rows, input.limit, (last) => {
    const value = last[column];
    return [input.sort, input.order, value instanceof Date ? value.toISOString() : value, last.id];
  });
  return { items: page.items.map(toCatalogProduct), nextCursor: page.nextCursor };
}

/** A page with each product's main picture (one more query per page; the CSV export reads pages without them). */
async function withMainImages(db: DbClient, page: Awaited<ReturnType<typeof queryCatalog>>) {
  const images = await mainImagesOf(
    db,
    page.items.map((item) => item.id),
  );
  return { ...page, items: page.items.map((item) => ({ ...item, image: images.get(item.id) ?? null })) };
}

export async function listCatalogHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: ListCatalogInput }) {
  return withMainImages(ctx.db, await queryCatalog(ctx.db, input));
}

/** Products on sale at or below their threshold, emptiest first: what to reorder. */
export async function lowStockHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: LowStockInput }) {
  return withMainImages(ctx.db, await queryCatalog(ctx.db, { ...input, status: "active", lowStock: true, sort: "stock", order: "asc" }));
}
