import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { apiKey, expectTrpcError, ledgerSum, newCustomer, newProduct, unique, userCaller } from "./helpers";
import { rest } from "./rest-request";
import { GET as download } from "../../src/app/admin/export/[file]/route";

/** A REST download as text (the helper parses JSON; a file is not JSON). */
async function restFile(path: string, key: string) {
  const { GET } = await import("../../src/app/api/v1/[...path]/route");
  const res = await GET(new Request(`http://stockroom.test/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } }));
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Decoded as a browser would; `bom` says whether the file starts with UTF-8's byte-order mark (for Excel).
  return {
    status: res.status,
    headers: res.headers,
    bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
    text: new TextDecoder().decode(bytes),
  };
}

function rowsOf(csv: string): Record<string, string>[] {
  return parse<Record<string, string>>(csv, { bom: true, columns: true });
}

describe("CSV export", () => {
  it("products: the list's filters, every page streamed, a formula in a name neutralised and read back", async () => {
    const tag = unique("csvexp").toUpperCase();
    const { db } = getDatabase();
    // Fixture: more products than one export page (100) under one search term.
    await db.product.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({
        sku: `${tag}-${String(i).padStart(3, "0")}`,
        name: i === 0 ? `=HYPERLINK("http://evil.test"),"x" ${tag}` : `Plate ${tag} ${i}`,
        priceMinor: 1000 + i,
        currency: "EUR",
        stock: i,
        active: i % 2 === 0,
      })),
    });
    const { secret } = await apiKey(["products:read"]);
    const all = await restFile(`/products/export.csv?search=${tag}&sort=price`, secret);
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(all.headers.get("content-disposition")).toBe('attachment; filename="products.csv"');
    expect(all.bom).toBe(true);
    expect(all.text.startsWith("sku,name,description,price,currency,stock,lowStockThreshold,active,id,updatedAt\r\n")).toBe(true);
    const rows = rowsOf(all.text);
    expect(rows).toHaveLength(130);
    expect(new Set(rows.map((r) => r.sku)).size).toBe(130);
    expect(rows.map((r) => r.price).slice(0, 3)).toEqual(["10.00", "10.01", "10.02"]);
    expect(rows[0]!.name).toBe(`'=HYPERLINK("http://evil.test"),"x" ${tag}`);
    expect(rows[5]).toMatchObject({ sku: `${tag}-005`, stock: "5", active: "false", currency: "EUR" });

    const active = rowsOf((await restFile(`/products/export.csv?search=${tag}&status=active`, secret)).text);
    expect(active).toHaveLength(65);
    expect(active.every((r) => r.active === "true")).toBe(true);
  });

  it("orders: one row per line, filtered by status; a key without orders:read is refused", async () => {
    const product = await newProduct({ currency: "PLN", priceMinor: 1250, stock: 20 });
    const other = await newProduct({ currency: "PLN", priceMinor: 199, stock: 20 });
    const customer = await newCustomer("Ola Nowak");
    const placed = await customer.caller.order.create({
      idempotencyKey: unique("key"),
      lines: [
        { productId: product.id, quantity: 2 },
        { productId: other.id, quantity: 3 },
      ],
    });
    const since = new Date(placed.createdAt.getTime() - 1).toISOString();
    const { secret } = await apiKey(["orders:read"]);
    const res = await restFile(`/orders/export.csv?createdFrom=${encodeURIComponent(since)}&customerId=${customer.user.id}`, secret);
    expect(res.status).toBe(200);
    const rows = rowsOf(res.text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      orderNumber: String(placed.number),
      orderId: placed.id,
      status: "PENDING",
      customerEmail: customer.user.email,
      customerName: "Ola Nowak",
      currency: "PLN",
      orderTotal: "30.97",
      lineSku: product.sku,
      quantity: "2",
      unitPrice: "12.50",
      lineTotal: "25.00",
    });
    expect(rows[1]).toMatchObject({ lineSku: other.sku, quantity: "3", lineTotal: "5.97" });
    const paidOnly = await restFile(`/orders/export.csv?status=PAID&customerId=${customer.user.id}`, secret);
    expect(rowsOf(paidOnly.text)).toHaveLength(0);

    const wrong = await rest("GET", "/orders/export.csv", { key: (await apiKey(["products:read"])).secret });
    expect(wrong.status).toBe(403);
    const bad = await rest("GET", "/orders/export.csv?createdFrom=yesterday", { key: secret });
    expect(bad.status).toBe(400);
    expect(bad.body!.errors[0].field).toBe("createdFrom");
  });

  it("the back office's download answers as the signed-in person, and refuses a guest", async () => {
    const guest = await download(new Request("http://stockroom.test/admin/export/products.csv"));
    expect(guest.status).toBe(401);
    const unknown = await download(new Request("http://stockroom.test/admin/export/secrets.csv"));
    expect(unknown.status).toBe(404);
  });
});

describe("CSV import", () => {
  it("a dry run names every problem by row and column and writes nothing; an apply with problems writes nothing either", async () => {
    const staff = await userCaller("staff");
    const existing = await newProduct({ priceMinor: 500, stock: 4 });
    const [a, b] = [unique("IMP").toUpperCase(), unique("IMP").toUpperCase()];
    const csv = [
      "sku,name,price,currency,stock",
      `${a},Linen towel,12.50,EUR,10`, // row 2: fine
      `${b},,9.99,EUR,1`, // row 3: a new product without a name
      `${existing.sku},,12.345,,`, // row 4: three decimals in EUR
      `${a},Again,1.00,EUR,1`, // row 5: the same SKU twice
      `bad sku!,X,1.00,EUR,1`, // row 6: not a SKU
      `${unique("IMP").toUpperCase()},Y,1.00,EUX,-3`, // row 7: unknown currency, negative stock
    ].join("\n");
    const report = await staff.products.importCsv({ csv, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, applied: false, created: 1, updated: 0, unchanged: 0 });
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, "name", "REQUIRED"],
      [4, "price", "INVALID_PRICE"],
      [5, "sku", "DUPLICATE_SKU"],
      [6, "sku", "INVALID_SKU"],
      [7, "currency", "INVALID_VALUE"],
      [7, "stock", "INVALID_VALUE"],
    ]);
    expect(report.rows).toBe(6);

    await expectTrpcError(staff.products.importCsv({ csv, dryRun: false }), "BAD_REQUEST", "IMPORT_INVALID");
    const { db } = getDatabase();
    expect(await db.product.count({ where: { sku: { in: [a, b] } } })).toBe(0);
    expect((await staff.products.byId({ id: existing.id })).priceMinor).toBe(500);
  });

  it("an apply creates and updates by SKU in one go, stock through the ledger, with events; a file with its own problems is one error", async () => {
    const staff = await userCaller("staff");
    const existing = await newProduct({ priceMinor: 500, stock: 4, currency: "SEK" });
    const untouched = await newProduct({ priceMinor: 700, stock: 2 });
    const fresh = unique("IMP").toUpperCase();
    const csv =
      "\uFEFFSKU,Name,Description,Price,Currency,Stock,lowStockThreshold,Active\r\n" +
      `${fresh},"Wool socks, grey","Soft; ""merino""",7.5,DKK,25,5,true\r\n` +
      `${existing.sku},,,6.25,,9,,\r\n` +
      `${untouched.sku},,,7.00,,,,\r\n`;
    const dry = await staff.products.importCsv({ csv });
    expect(dry).toMatchObject({ dryRun: true, created: 1, updated: 1, unchanged: 1, stockMovements: 2, errors: [] });
    const applied = await staff.products.importCsv({ csv, dryRun: false });
    expect(applied).toMatchObject({ applied: true, created: 1, updated: 1, unchanged: 1 });

    const { db } = getDatabase();
    const created = await db.product.findUniqueOrThrow({ where: { sku: fresh } });
    expect(created).toMatchObject({
      name: "Wool socks, grey",
      description: 'Soft; "merino"',
      priceMinor: 750,
      currency: "DKK",
      stock: 25,
      lowStockThreshold: 5,
      active: true,
    });
    expect(await ledgerSum(created.id)).toBe(25);
    const after = await db.product.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after).toMatchObject({ priceMinor: 625, stock: 9, name: existing.name });
    expect(await ledgerSum(existing.id)).toBe(9);
    const correction = await db.stockMovement.findFirstOrThrow({ where: { productId: existing.id }, orderBy: { id: "desc" } });
    expect(correction).toMatchObject({ delta: 5, reason: "CORRECTION", note: "CSV import" });
    const events = await db.event.findMany({ where: { subjectId: { in: [created.id, existing.id] } }, orderBy: { seq: "asc" } });
    expect(events.map((e) => `${e.type}:${e.subjectId === created.id ? "new" : "old"}`)).toEqual(
      expect.arrayContaining(["product.created:new", "stock.adjusted:new", "product.updated:old", "stock.adjusted:old"]),
    );
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "products.importCsv" }, orderBy: { id: "desc" } });
    expect(audit.diff).toMatchObject({ created: [null, 1], updated: [null, 1] });

    // Importing the same file again changes nothing.
    expect(await staff.products.importCsv({ csv })).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    const malformed = await staff.products.importCsv({ csv: 'sku,name\nA-1,"unclosed\n' });
    expect(malformed.errors).toEqual([expect.objectContaining({ code: "MALFORMED_CSV" })]);
    const short = await staff.products.importCsv({ csv: "sku,name,price\nA-1,Cup\n" });
    expect(short.errors).toEqual([
      {
        row: 2,
        column: null,
        code: "MALFORMED_CSV",
        message: "This row has 2 cells and the header 3; every row needs one cell per column",
      },
    ]);
    const unknownColumn = await staff.products.importCsv({ csv: "sku,colour\nA-1,red\n" });
    expect(unknownColumn.errors).toEqual([expect.objectContaining({ row: 1, column: "colour", code: "UNKNOWN_COLUMN" })]);
    const tooMany = await staff.products.importCsv({ csv: `sku\n${"A-1\n".repeat(10_001)}` });
    expect(tooMany.errors).toEqual([expect.objectContaining({ code: "TOO_MANY_ROWS" })]);
  });

  it("an export imports back unchanged; a key without stock:write may change prices but not counts", async () => {
    const tag = unique("RT").toUpperCase();
    const product = await newProduct({ name: `Round ${tag}`, priceMinor: 1999, stock: 3 });
    const { secret } = await apiKey(["products:read"]);
    const exported = (await restFile(`/products/export.csv?search=${tag}`, secret)).text;
    const writer = await apiKey(["products:write"]);
    expect(await writer.caller.products.importCsv({ csv: exported })).toMatchObject({ rows: 1, unchanged: 1, errors: [] });

    const edited = exported.replace(",19.99,", ",21.00,");
    expect(await writer.caller.products.importCsv({ csv: edited })).toMatchObject({ updated: 1, errors: [] });
    const recounted = edited.replace(/,EUR,3,/, ",EUR,8,");
    const refused = await writer.caller.products.importCsv({ csv: recounted });
    expect(refused.errors).toEqual([expect.objectContaining({ row: 2, column: "stock", code: "PERMISSION_DENIED" })]);

    const res = await rest("POST", "/products/import", { key: writer.secret, body: { csv: edited, dryRun: false } });
    expect(res.status).toBe(200);
    expect(res.body!.data).toMatchObject({ applied: true, updated: 1 });
    expect((await getDatabase().db.product.findUniqueOrThrow({ where: { id: product.id } })).priceMinor).toBe(2100);
  });
});
