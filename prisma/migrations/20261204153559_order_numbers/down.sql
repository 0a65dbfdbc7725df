-- Down: 20261204153559_order_numbers
-- Generated from Prisma's diff of schema.prisma back to the migrations before this one. Review it: undo what
-- migration.sql does by hand (functions, triggers, data), and name below the data this step cannot keep.
-- Data lost: the orders' numbers (the orders keep their ids; numbering again would follow placement order).
-- DropIndex
DROP INDEX "public"."Order_number_key";

-- AlterTable
ALTER TABLE "public"."Order" DROP COLUMN "number";
