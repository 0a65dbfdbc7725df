import Link from "next/link";
import { formatMoney } from "@/lib/money";

interface OrderLine {
  id: string;
  productId: string;
  sku: string;
  name: string;
  unitPriceMinor: number;
  quantity: number;
  lineTotalMinor: number;
}

/** An order's lines as sold (name, SKU, unit price, quantity, total); `productHref` links each product. */
export function OrderLines({
  lines,
  currency,
  productHref,
}: {
  lines: OrderLine[];
  currency: string;
  productHref?: (productId: string) => string;
}) {
  return (
    <table className="cart">
      <caption className="visually-hidden">Lines of this order</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Price</th>
          <th scope="col">Quantity</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.id}>
            <td>
              {productHref ? <Link href={productHref(line.productId)}>{line.name}</Link> : line.name}{" "}
              <span className="sku">{line.sku}</span>
            </td>
            <td>{formatMoney(line.unitPriceMinor, currency)}</td>
            <td>{line.quantity}</td>
            <td>{formatMoney(line.lineTotalMinor, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
