/** Formats integer minor units in their currency's own number of decimals (EUR 2, JPY 0). */
export function formatMoney(minor: number, currency: string, locale = "en-IE"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
