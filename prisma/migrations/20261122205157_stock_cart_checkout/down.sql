-- Down: 20261122205157_stock_cart_checkout
-- Data lost: the stock ledger (every movement; products keep their current stock), carts, products' low-stock
-- thresholds and orders' idempotency fingerprints (a retried checkout with a changed body is no longer refused).
DROP TRIGGER "StockMovement_append_only" ON "StockMovement";
DROP FUNCTION "stock_movement_append_only"();
DROP TABLE "CartItem";
DROP TABLE "StockMovement";
DROP INDEX "Order_createdAt_id_idx";
DROP INDEX "Product_name_id_idx";
DROP INDEX "Product_priceMinor_id_idx";
DROP INDEX "Product_stock_id_idx";
DROP INDEX "Product_updatedAt_id_idx";
ALTER TABLE "Product" DROP CONSTRAINT "Product_lowStockThreshold_nonnegative";
ALTER TABLE "Product" DROP COLUMN "lowStockThreshold";
ALTER TABLE "Order" DROP COLUMN "idempotencyFingerprint";
DROP TYPE "StockMovementReason";
