import type { Product } from "@/generated/prisma/client";
import { hasPermission } from "../../auth/permissions";
import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { recordEvents } from "../../events/record";
import { appendMovements, stockLevelCrossings, stockLevelPayload } from "../../inventory/ledger";
import type { ImportProductsInput, ImportProductsOutput } from "./importCsv.schema";
import { productEventFields, type ProductEventRow } from "./product-events";
import { planImport, type PlannedRow } from "./product-import";

type Ctx = Pick<ActorContext, "actor" | "audit" | "db" | "unit">;

const NOTE = "CSV import";
/** New products are written this many to a statement. */
const CREATE_BATCH = 500;

/** New products in batches: the rows, their opening stock as RECEIVED movements, and their events. */
async function createAll(ctx: Ctx, rows: Extract<PlannedRow, { action: "create" }>[]) {
  for (let i = 0; i < rows.length; i += CREATE_BATCH) {
    const batch = rows.slice(i, i + CREATE_BATCH);
    const created = await ctx.db.product.createManyAndReturn({
      data: batch.map((r) => ({ ...r.fields, stock: r.stock })),
      select: { id: true, sku: true, name: true, priceMinor: true, currency: true, active: true, stock: true },
    });
    const stocked = created.filter((p) => p.stock > 0);
    await appendMovements(
      ctx.db,
      ctx.actor,
      stocked.map((p) => ({ productId: p.id, delta: p.stock, reason: "RECEIVED" as const, note: NOTE, stockAfter: p.stock })),
    );
    await recordEvents(
      ctx,
      ctx.actor,
      "product.created",
      created.map((p) => ({ payload: productEventFields(p), subjectId: p.id })),
    );
    await recordEvents(
      ctx,
      ctx.actor,
      "stock.adjusted",
      stocked.map((p) => ({
        payload: { productId: p.id, sku: p.sku, delta: p.stock, reason: "RECEIVED" as const, note: NOTE, stock: p.stock },
        subjectId: p.id,
      })),
    );
    await ctx.unit.productsChanged(created.map((p) => p.id));
  }
}

/** Changed products are written this many to a statement. */
const UPDATE_BATCH = 1_000;

type UpdatedRow = ProductEventRow & Pick<Product, "stock" | "lowStockThreshold">;

/**
 * Changed products in batches, one UPDATE per batch: the fields that differ, and the counted stock as a
 * relative change (`stock + delta`, so a sale made meanwhile is not overwritten). Then, for the batch, the
 * CORRECTION movements and the same events single edits record: product.updated, stock.adjusted and a
 * crossing into low or out of stock.
 */
async function updateAll(ctx: Ctx, rows: Extract<PlannedRow, { action: "update" }>[]) {
  for (let i = 0; i < rows.length; i += UPDATE_BATCH) {
    const batch = rows.slice(i, i + UPDATE_BATCH);
    const values = batch.map(({ product, changes, stockDelta }) => ({ id: product.id, ...changes, delta: stockDelta }));
    const updated = await ctx.db.$queryRawUnsafe<UpdatedRow[]>(
      `UPDATE "Product" p SET
              "name" = coalesce(v."name", p."name"),
              "description" = coalesce(v."description", p."description"),
              "priceMinor" = coalesce(v."priceMinor", p."priceMinor"),
              "currency" = coalesce(v."currency", p."currency"),
              "lowStockThreshold" = coalesce(v."lowStockThreshold", p."lowStockThreshold"),
              "active" = coalesce(v."active", p."active"),
              "stock" = p."stock" + v."delta",
              "updatedAt" = now()
         FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "name" text, "description" text, "priceMinor" int, "currency" text,
                                                "lowStockThreshold" int, "active" boolean, "delta" int)
        WHERE p."id" = v."id" AND p."stock" + v."delta" >= 0
    RETURNING p."id", p."sku", p."name", p."priceMinor", p."currency", p."active", p."stock", p."lowStockThreshold"`,
      JSON.stringify(values),
    );
    if (updated.length !== batch.length) {
      // Sold since the file was checked, below what the counted stock can take: the count no longer holds.
      const missing = batch.find((r) => !updated.some((u) => u.id === r.product.id))!;
      throw appError("CONFLICT", "STOCK_CHANGED", `The stock of ${missing.product.sku} changed while importing; check the file again`, {
        field: "csv",
      });
    }
    const byId = new Map(updated.map((u) => [u.id, u]));
    const moved = batch.filter((r) => r.stockDelta !== 0).map((r) => ({ row: r, after: byId.get(r.product.id)! }));
    await appendMovements(
      ctx.db,
      ctx.actor,
      moved.map(({ row, after }) => ({
        productId: after.id,
        delta: row.stockDelta,
        reason: "CORRECTION" as const,
        note: NOTE,
        stockAfter: after.stock,
      })),
    );
    await recordEvents(
      ctx,
      ctx.actor,
      "product.updated",
      batch
        .filter((r) => Object.keys(r.changes).length)
        .map(({ product, changes }) => ({
          payload: { ...productEventFields(byId.get(product.id)!), changed: Object.keys(changes) },
          subjectId: product.id,
        })),
    );
    await recordEvents(
      ctx,
      ctx.actor,
      "stock.adjusted",
      moved.map(({ row, after }) => ({
        payload: {
          productId: after.id,
          sku: after.sku,
          delta: row.stockDelta,
          reason: "CORRECTION" as const,
          note: NOTE,
          stock: after.stock,
        },
        subjectId: after.id,
      })),
    );
    for (const type of ["stock.low", "stock.out"] as const) {
      await recordEvents(
        ctx,
        ctx.actor,
        type,
        moved
          .filter(({ row, after }) => stockLevelCrossings(after, after.stock - row.stockDelta).includes(type))
          .map(({ after }) => ({ payload: stockLevelPayload(after), subjectId: after.id })),
      );
    }
    await ctx.unit.productsChanged(updated.map((u) => u.id));
  }
}

/**
 * Products from CSV: created or updated by SKU, stock counts as ledger movements. A dry run reports what
 * would happen and every problem; an apply with no problems writes all rows in the mutation's transaction,
 * and one with problems writes nothing.
 */
export async function importProductsHandler({ ctx, input }: { ctx: Ctx; input: ImportProductsInput }): Promise<ImportProductsOutput> {
  const plan = await planImport(ctx.db, input.csv, hasPermission(ctx.actor, "stock:write"));
  const count = (action: PlannedRow["action"]) => plan.rows.filter((r) => r.action === action).length;
  const creates = plan.rows.filter((r) => r.action === "create");
  const updates = plan.rows.filter((r) => r.action === "update");
  const summary: ImportProductsOutput = {
    dryRun: input.dryRun,
    applied: false,
    rows: plan.rows.length + new Set(plan.problems.map((p) => p.row)).size,
    created: count("create"),
    updated: count("update"),
    unchanged: count("unchanged"),
    stockMovements: creates.filter((r) => r.stock > 0).length + updates.filter((r) => r.stockDelta !== 0).length,
    errors: plan.problems,
  };
  if (input.dryRun) return summary;
  if (plan.problems.length) {
    const [first] = plan.problems;
    throw appError(
      "BAD_REQUEST",
      "IMPORT_INVALID",
      `The file has ${plan.problems.length} problem(s) (first: row ${first!.row}${first!.column ? `, ${first!.column}` : ""}: ${first!.message}); nothing was imported. A dry run lists them all.`,
      { field: "csv", errors: plan.problems },
    );
  }
  await createAll(ctx, creates);
  await updateAll(ctx, updates);
  ctx.audit.describe({
    targetType: "ProductImport",
    diff: { created: [null, summary.created], updated: [null, summary.updated], stockMovements: [null, summary.stockMovements] },
  });
  return { ...summary, applied: true };
}
