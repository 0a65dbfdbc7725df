-- Down: 20261122202019_orders
-- Data lost: every order, its lines and its status history.
DROP TABLE "OrderStatusChange";
DROP TABLE "OrderLine";
DROP TABLE "Order";
DROP TYPE "OrderStatus";
