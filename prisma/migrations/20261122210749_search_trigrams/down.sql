-- Down: 20261122210749_search_trigrams
-- Data lost: none (an index).
-- The pg_trgm extension stays installed: the up step only created it if missing, and other objects in the
-- database may use it. `DROP EXTENSION pg_trgm;` by hand when nothing does.
DROP INDEX "Product_search_trgm_idx";
