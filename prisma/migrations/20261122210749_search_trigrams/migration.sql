-- Hand-written (Prisma does not manage extensions here; see schema.prisma): trigram operators for the index below.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Product_search_trgm_idx" ON "Product" USING GIN ("name" gin_trgm_ops, "sku" gin_trgm_ops);
