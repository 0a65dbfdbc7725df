-- Down: 20261122181443_products
-- Data lost: every product.
DROP TABLE "Product";
