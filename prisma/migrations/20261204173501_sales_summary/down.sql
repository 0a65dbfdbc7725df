-- Down: 20261204173501_sales_summary
-- Data lost: none. The summary is derived from the orders; migrating up again rebuilds it. (The daily job's
-- queue goes with its waiting job and schedule.)
DELETE FROM pgboss.job WHERE name = 'maintenance-move-sales-window';
DELETE FROM pgboss.archive WHERE name = 'maintenance-move-sales-window';
SELECT pgboss.delete_queue('maintenance-move-sales-window');
DROP TRIGGER "Order_sales_changed" ON "Order";
DROP TRIGGER "OrderLine_sales" ON "OrderLine";
DROP FUNCTION "stockroom_order_sales_changed"();
DROP FUNCTION "stockroom_order_lines_sold"();
DROP FUNCTION "stockroom_move_sales_window"(date);
DROP FUNCTION "stockroom_add_sales"(date[], text[], text[], int[], bigint[]);

DROP TABLE "public"."ProductSalesDay";
DROP TABLE "public"."ProductSalesWindow";
DROP TABLE "public"."ProductSalesWindowState";
