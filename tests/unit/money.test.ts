import { describe, expect, it } from "vitest";
import { formatMoney } from "../../src/lib/money";

describe("formatMoney", () => {
  it("uses the currency's own number of decimals", () => {
    expect(formatMoney(1295, "EUR", "en-IE")).toBe("€12.95");
    expect(formatMoney(2500, "JPY", "en-IE")).toBe("JP¥2,500");
    expect(formatMoney(0, "USD", "en-US")).toBe("$0.00");
  });
});
