-- CreateIndex
CREATE INDEX "Product_name_similarity_idx" ON "Product" USING GIST ("name" gist_trgm_ops);
