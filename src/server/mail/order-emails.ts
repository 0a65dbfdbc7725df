/** The customer emails an order sends: placed, and shipped. Plain text with an HTML twin, no tracking. */
import type { Db } from "../db";
import type { OutgoingMail } from "./transport";

export type OrderEmailKind = "placed" | "shipped";

const money = (minor: number, currency: string) => new Intl.NumberFormat("en-IE", { style: "currency", currency }).format(minor / 100);
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The email for `orderId`, or null when the order (or its customer's address) is gone. */
export async function orderEmail(db: Db, orderId: string, kind: OrderEmailKind): Promise<OutgoingMail | null> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    include: { customer: { select: { email: true, name: true } }, lines: { orderBy: { id: "asc" } } },
  });
  if (!order?.customer.email) return null;
  const reference = order.id.slice(-8).toUpperCase();
  const lines = order.lines.map((l) => `${l.quantity} × ${l.name} (${l.sku}) — ${money(l.unitPriceMinor * l.quantity, order.currency)}`);
  const total = money(order.totalMinor, order.currency);
  const greeting = `Hello ${order.customer.name || "there"},`;
  const intro =
    kind === "placed"
      ? `Thank you for your order ${reference}. We have it and will let you know when it ships.`
      : `Your order ${reference} is on its way.`;
  const subject = kind === "placed" ? `Your order ${reference} is placed` : `Your order ${reference} has shipped`;
  const text = [greeting, "", intro, "", ...lines, "", `Total: ${total}`, "", "— Stockroom"].join("\n");
  const html = `<p>${escape(greeting)}</p><p>${escape(intro)}</p><ul>${lines.map((l) => `<li>${escape(l)}</li>`).join("")}</ul><p><strong>Total: ${escape(total)}</strong></p><p>— Stockroom</p>`;
  return { to: order.customer.email, subject, text, html };
}
