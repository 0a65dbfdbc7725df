/** Formats integer minor units in their currency's own number of decimals (EUR 2, JPY 0). */
export function formatMoney(minor: number, currency: string, locale = "en-IE"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The currency's number of minor-unit digits (EUR 2, JPY 0), from Intl. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * "12.50" → 1250 for EUR, "2500" → 2500 for JPY: parsed as text, never through floating point. Null when
 * the text is not an amount with at most the currency's number of decimals.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

/** 1250 → "12.50" for EUR (for an input's value), the inverse of parseMoney. */
export function minorToText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
