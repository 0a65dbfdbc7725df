import type { ActorContext } from "../../context";
import { csvChunks } from "../../csv/write";
import type { ExportProductsInput } from "./exportCsv.schema";
import { queryCatalog } from "./list.handler";
import { listCatalogInput } from "./list.schema";
import { productCsvColumns, productCsvRow } from "./product.csv";

/** How many products one query reads: the export holds one page in memory, never the catalog. */
const EXPORT_PAGE = 100;

async function* pages(ctx: Pick<ActorContext, "db">, input: ExportProductsInput) {
  let cursor: string | null = null;
  do {
    const page = await queryCatalog(ctx.db, listCatalogInput.parse({ ...input, limit: EXPORT_PAGE, cursor }));
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/** The filtered product list as CSV, streamed page by page (keyset pages, so rows are neither missed nor repeated). */
export function exportProductsHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: ExportProductsInput }) {
  return csvChunks(productCsvColumns, pages(ctx, input), productCsvRow);
}
