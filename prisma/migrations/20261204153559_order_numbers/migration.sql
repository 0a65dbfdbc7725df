-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "number" SERIAL NOT NULL;

-- Orders already placed are numbered in the order they were placed, from 1001; new ones follow.
UPDATE "Order" o SET "number" = 1000 + r.n
  FROM (SELECT "id", row_number() OVER (ORDER BY "createdAt", "id") AS n FROM "Order") r
 WHERE o."id" = r."id";
SELECT setval('"Order_number_seq"', GREATEST(1000, (SELECT coalesce(max("number"), 0) FROM "Order")));

-- CreateIndex
CREATE UNIQUE INDEX "Order_number_key" ON "Order"("number");
