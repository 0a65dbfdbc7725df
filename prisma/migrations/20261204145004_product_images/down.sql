-- Down: 20261204145004_product_images
-- Generated from Prisma's diff of schema.prisma back to the migrations before this one. Review it: undo what
-- migration.sql does by hand (functions, triggers, data), and name below the data this step cannot keep.
-- Data lost: every product image (the rows and, with IMAGE_STORAGE=database, their bytes).
-- DropForeignKey
ALTER TABLE "public"."ProductImage" DROP CONSTRAINT "ProductImage_productId_fkey";

-- DropTable
DROP TABLE "public"."ProductImage";

-- DropTable
DROP TABLE "public"."ImageBlob";
