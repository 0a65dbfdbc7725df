import { describe, expect, it } from "vitest";
import { formatMoney, minorToText, parseMoney } from "../../src/lib/money";

describe("formatMoney", () => {
  it("uses the currency's own number of decimals", () => {
    expect(formatMoney(1295, "EUR", "en-IE")).toBe("€12.95");
    expect(formatMoney(2500, "JPY", "en-IE")).toBe("JP¥2,500");
    expect(formatMoney(0, "USD", "en-US")).toBe("$0.00");
  });
});

describe("parseMoney and minorToText", () => {
  it("parse amounts as text into minor units, never through floating point", () => {
    expect(parseMoney("12.50", "EUR")).toBe(1250);
    expect(parseMoney("0.29", "EUR")).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(parseMoney("19,9", "EUR")).toBe(1990);
    expect(parseMoney("7", "EUR")).toBe(700);
    expect(parseMoney("2500", "JPY")).toBe(2500);
  });

  it("refuse what is not an amount in that currency", () => {
    for (const bad of ["", "abc", "-1", "1.234", "1e3", "12.", " . "]) expect(parseMoney(bad, "EUR"), bad).toBeNull();
    expect(parseMoney("25.5", "JPY")).toBeNull();
  });

  it("round-trip through text", () => {
    for (const minor of [0, 5, 29, 1250, 99999]) expect(parseMoney(minorToText(minor, "EUR"), "EUR")).toBe(minor);
    expect(minorToText(5, "EUR")).toBe("0.05");
    expect(minorToText(2500, "JPY")).toBe("2500");
  });
});
