import { text, wholeNumber } from "../../validation/text";

/** ISO 4217 codes this runtime knows (Intl's list), so "EUX" is refused with a clear message. */
const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

/** The largest price: 10,000,000 minor units, so that price x quantity x lines stays within 32-bit totals. */
export const MAX_PRICE_MINOR = 10_000_000;

export const skuField = text()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, "Use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
export const nameField = text().trim().min(1, "Give the product a name").max(200);
export const descriptionField = text().trim().max(5000);
export const priceMinorField = wholeNumber("Prices are whole minor units (cents), not decimals").min(0).max(MAX_PRICE_MINOR);
export const currencyField = text()
  .trim()
  .toUpperCase()
  .refine((code) => isoCurrencies.has(code), "Use an ISO 4217 currency code such as EUR or USD");
export const lowStockThresholdField = wholeNumber().min(0).max(1_000_000);
export const productIdField = text().trim().min(1).max(64);
