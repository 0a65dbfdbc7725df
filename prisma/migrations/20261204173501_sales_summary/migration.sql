-- CreateTable
CREATE TABLE "ProductSalesDay" (
    "day" DATE NOT NULL,
    "productId" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "units" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    CONSTRAINT "ProductSalesDay_pkey" PRIMARY KEY ("day","productId","currency")
);

-- CreateTable
CREATE TABLE "ProductSalesWindow" (
    "productId" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "units" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,

    CONSTRAINT "ProductSalesWindow_pkey" PRIMARY KEY ("productId","currency")
);

-- CreateTable
CREATE TABLE "ProductSalesWindowState" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "firstDay" DATE NOT NULL,

    CONSTRAINT "ProductSalesWindowState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProductSalesWindow_units_revenueMinor_productId_idx" ON "ProductSalesWindow"("units" DESC, "revenueMinor" DESC, "productId");

-- CreateIndex
CREATE INDEX "ProductSalesWindow_currency_revenueMinor_units_productId_idx" ON "ProductSalesWindow"("currency", "revenueMinor" DESC, "units" DESC, "productId");

-- The best sellers' summary is kept by the database itself, in the transaction of the sale or the
-- cancellation, so every writer keeps it true: checkout's single statement, the seeds, bulk loads and tests
-- (decision 025). Orders are never deleted (their customers are Restrict), so only inserts of lines and moves
-- into or out of CANCELLED change it.

-- Adds (or with negative figures, removes) sales: to the per-day rows, and to the window's totals for the
-- days it covers.
CREATE FUNCTION "stockroom_add_sales"(sale_days date[], sale_products text[], sale_currencies text[], sale_units int[], sale_revenue bigint[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day date;
BEGIN
  IF coalesce(array_length(sale_days, 1), 0) = 0 THEN RETURN; END IF;
  -- A change dated before today could race the window moving past its day (stockroom_move_sales_window
  -- holds the state row while it moves): wait for such a move, then read where the window starts. Today's
  -- sales, nearly all of them, skip the lock, as no move ever passes today.
  IF (SELECT min(d) FROM unnest(sale_days) AS d) < (now() AT TIME ZONE 'UTC')::date THEN
    SELECT "firstDay" INTO first_day FROM "ProductSalesWindowState" WHERE "id" = 1 FOR SHARE;
  ELSE
    SELECT "firstDay" INTO first_day FROM "ProductSalesWindowState" WHERE "id" = 1;
  END IF;

  INSERT INTO "ProductSalesDay" AS s ("day", "productId", "currency", "units", "revenueMinor")
  SELECT c."day", c."productId", c."currency", sum(c."units"), sum(c."revenue")
    FROM unnest(sale_days, sale_products, sale_currencies, sale_units, sale_revenue) AS c("day", "productId", "currency", "units", "revenue")
   GROUP BY 1, 2, 3
  ON CONFLICT ("day", "productId", "currency")
  DO UPDATE SET "units" = s."units" + excluded."units", "revenueMinor" = s."revenueMinor" + excluded."revenueMinor";

  INSERT INTO "ProductSalesWindow" AS w ("productId", "currency", "units", "revenueMinor")
  SELECT c."productId", c."currency", sum(c."units"), sum(c."revenue")
    FROM unnest(sale_days, sale_products, sale_currencies, sale_units, sale_revenue) AS c("day", "productId", "currency", "units", "revenue")
   WHERE c."day" >= first_day
   GROUP BY 1, 2
  ON CONFLICT ("productId", "currency")
  DO UPDATE SET "units" = w."units" + excluded."units", "revenueMinor" = w."revenueMinor" + excluded."revenueMinor";
END
$$;

-- New order lines count as sold unless their order is already cancelled. One call per inserting statement:
-- checkout's statement inserts its order and lines together, and the trigger sees both.
CREATE FUNCTION "stockroom_order_lines_sold"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "stockroom_add_sales"(array_agg(o."createdAt"::date), array_agg(l."productId"), array_agg(o."currency"::text),
                                array_agg(l."quantity"), array_agg(l."lineTotalMinor"::bigint))
     FROM "added_lines" l JOIN "Order" o ON o."id" = l."orderId"
    WHERE o."status" <> 'CANCELLED';
  RETURN NULL;
END
$$;

CREATE TRIGGER "OrderLine_sales" AFTER INSERT ON "OrderLine" REFERENCING NEW TABLE AS "added_lines"
  FOR EACH STATEMENT EXECUTE FUNCTION "stockroom_order_lines_sold"();

-- An order cancelled takes its lines out of the figures. Written generally, as "take the order's lines out
-- as it was, put them in as it is": a move out of CANCELLED (the lifecycle allows none today) puts them back,
-- and an order whose placing time or currency is corrected moves its figures with it.
CREATE FUNCTION "stockroom_order_sales_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The products first, in id order as checkout and the stock ledger take them: the summary rows belong to
  -- products, and taking them in another order than checkout could deadlock with it.
  PERFORM 1 FROM "Product" p WHERE p."id" IN (SELECT l."productId" FROM "OrderLine" l WHERE l."orderId" = NEW."id")
    ORDER BY p."id" FOR UPDATE;
  IF OLD."status" <> 'CANCELLED' THEN
    PERFORM "stockroom_add_sales"(array_agg(OLD."createdAt"::date), array_agg(l."productId"), array_agg(OLD."currency"::text),
                                  array_agg(-l."quantity"), array_agg(-l."lineTotalMinor"::bigint))
       FROM "OrderLine" l WHERE l."orderId" = OLD."id";
  END IF;
  IF NEW."status" <> 'CANCELLED' THEN
    PERFORM "stockroom_add_sales"(array_agg(NEW."createdAt"::date), array_agg(l."productId"), array_agg(NEW."currency"::text),
                                  array_agg(l."quantity"), array_agg(l."lineTotalMinor"::bigint))
       FROM "OrderLine" l WHERE l."orderId" = NEW."id";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Order_sales_changed" AFTER UPDATE ON "Order" FOR EACH ROW
  WHEN ((OLD."status" = 'CANCELLED') IS DISTINCT FROM (NEW."status" = 'CANCELLED')
        OR OLD."createdAt"::date IS DISTINCT FROM NEW."createdAt"::date OR OLD."currency" IS DISTINCT FROM NEW."currency")
  EXECUTE FUNCTION "stockroom_order_sales_changed"();

-- Moves the window to start at new_first_day: days it leaves are subtracted from the totals, days it takes in
-- (a longer window, or the first fill) are added. Returns how many totals it changed; 0 when it was in place.
CREATE FUNCTION "stockroom_move_sales_window"(new_first_day date) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  current_first date;
  changed int;
BEGIN
  SELECT s."firstDay" INTO current_first FROM "ProductSalesWindowState" s WHERE s."id" = 1;
  IF current_first = new_first_day THEN RETURN 0; END IF;
  SELECT s."firstDay" INTO current_first FROM "ProductSalesWindowState" s WHERE s."id" = 1 FOR UPDATE;
  IF current_first = new_first_day THEN RETURN 0; END IF;

  INSERT INTO "ProductSalesWindow" AS w ("productId", "currency", "units", "revenueMinor")
  SELECT d."productId", d."currency", sum(d."units") * sign, sum(d."revenueMinor") * sign
    FROM "ProductSalesDay" d,
         (SELECT least(current_first, new_first_day) AS "from", greatest(current_first, new_first_day) AS "to",
                 CASE WHEN new_first_day > current_first THEN -1 ELSE 1 END AS sign) AS m
   WHERE d."day" >= m."from" AND d."day" < m."to"
   GROUP BY d."productId", d."currency", m.sign
  ON CONFLICT ("productId", "currency")
  DO UPDATE SET "units" = w."units" + excluded."units", "revenueMinor" = w."revenueMinor" + excluded."revenueMinor";
  GET DIAGNOSTICS changed = ROW_COUNT;
  DELETE FROM "ProductSalesWindow" WHERE "units" = 0;

  UPDATE "ProductSalesWindowState" SET "firstDay" = new_first_day WHERE "id" = 1;
  RETURN changed;
END
$$;

-- Fill from the orders already placed: every day, then the window (empty, starting at "infinity") moved to
-- the report's 30 days; the app moves it each day after (REPORT_DAYS in src/server/routers/report).
INSERT INTO "ProductSalesDay" ("day", "productId", "currency", "units", "revenueMinor")
SELECT o."createdAt"::date, l."productId", o."currency", sum(l."quantity"), sum(l."lineTotalMinor")
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
 WHERE o."status" <> 'CANCELLED'
 GROUP BY 1, 2, 3;
INSERT INTO "ProductSalesWindowState" ("id", "firstDay") VALUES (1, 'infinity');
SELECT "stockroom_move_sales_window"((now() AT TIME ZONE 'UTC')::date - 29);

-- The daily job that moves the window just after midnight (UTC); queues come from migrations (20261203150000).
SELECT pgboss.create_queue('maintenance-move-sales-window', '{"policy": "standard", "retryLimit": 3, "retryDelay": 60, "retryBackoff": true}'::json);
