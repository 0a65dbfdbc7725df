"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, minorDigits } from "@/lib/money";

export interface SalesDay {
  day: string;
  orders: number;
  revenueMinor: number;
}

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-IE", { day: "numeric", month: "short", timeZone: "UTC" });

/**
 * Revenue per day as bars (recharts). Drawn in the browser only: recharts sets inline styles, which the strict
 * Content Security Policy allows from script but not in server HTML. The table beside it carries the same figures.
 */
export default function SalesChart({ days, currency }: { days: SalesDay[]; currency: string }) {
  const scale = 10 ** minorDigits(currency);
  const data = days.map((d) => ({ day: shortDay(d.day), revenue: d.revenueMinor / scale, orders: d.orders, minor: d.revenueMinor }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" interval="preserveStartEnd" minTickGap={16} tick={{ fontSize: 12 }} />
        <YAxis
          width={56}
          tick={{ fontSize: 12 }}
          tickFormatter={(v: number) => new Intl.NumberFormat("en-IE", { notation: "compact" }).format(v)}
        />
        <Tooltip
          formatter={(_value, _name, item) => [formatMoney((item.payload as { minor: number }).minor, currency), "Revenue"]}
          labelFormatter={(label, payload) =>
            `${String(label)}: ${(payload[0]?.payload as { orders: number } | undefined)?.orders ?? 0} orders`
          }
        />
        <Bar dataKey="revenue" name="Revenue" fill="var(--chart-bar)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
