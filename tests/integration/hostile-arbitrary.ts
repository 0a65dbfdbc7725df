/**
 * Hostile inputs for the hostile-input suite: strings from all of Unicode (NUL, control characters, lone
 * surrogates, right-to-left marks, very long strings), numbers at and past every bound (-0, NaN, Infinity,
 * 2^53+1), wrong types; and a JSON writer that can put what JSON.stringify cannot (-0, 1e999, NaN) on the wire.
 */
import fc from "fast-check";
import { invalidValue, recordOf, validValue, type Hints, type JsonSchema } from "./openapi-arbitrary";

/** A number written as-is into the JSON text (`-0`, `1e999`, `NaN`, `9007199254740993`). */
export class RawNumber {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

const nastyStrings = [
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\uDBFF\uDBFF",
  "\u202Eevil\u202C",
  "\u200F\u200E\u061C",
  "\uFEFF",
  "\u0001\u001F\u007F\u0085",
  "e\u0301\u0301\u0301",
  "👩🏽‍🚀𝕊",
  '\'; DROP TABLE "Product";--',
  "%00%FF",
  "\\u0000",
  "   ",
  "",
  "x".repeat(100_000),
  "ü".repeat(20_000),
];

/** Any string a hostile client could send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...nastyStrings) },
  // What PostgreSQL cannot store, inside otherwise ordinary text.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom("\u0000", "\uD800", "\uDFFF"), fc.string({ maxLength: 8 }))
      .map((parts) => parts.join("")),
  },
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\uD800", "\uDC00", "\u202E", "a", "/", "%", "."), minLength: 1, maxLength: 12 }),
);

function boundaryNumbers(schema: JsonSchema): RawNumber[] {
  const values = ["-0", "NaN", "1e999", "-1e999", "9007199254740993", "-9007199254740993", "1.5", "1e-400", "0.1"];
  if (schema.minimum !== undefined) values.push(String(schema.minimum), String(schema.minimum - 1));
  if (schema.maximum !== undefined) values.push(String(schema.maximum), String(schema.maximum + 1));
  return values.map((v) => new RawNumber(v));
}

/**
 * A value for `schema` that is mostly valid, with hostile strings and numbers (and a wrong type now and
 * then) in some of its leaves: a hostile value only reaches the database when everything around it is valid.
 */
export function hostileValue(schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (schema.const !== undefined || schema.enum)
    return fc.oneof(
      { weight: 3, arbitrary: validValue(schema, hints) },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: invalidValue(schema) },
    );
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => hostileValue(v, hints)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      return fc.oneof(
        { weight: 5, arbitrary: validValue(schema, hints) },
        { weight: 3, arbitrary: hostileString },
        { weight: 1, arbitrary: invalidValue(schema) },
      );
    case "integer":
    case "number":
      return fc.oneof(
        { weight: 5, arbitrary: validValue(schema, hints) },
        { weight: 3, arbitrary: fc.constantFrom(...boundaryNumbers(schema)) },
        { weight: 1, arbitrary: invalidValue(schema) },
      );
    case "array":
      return fc.oneof(
        {
          weight: 6,
          arbitrary: fc.array(hostileValue(schema.items ?? {}, hints), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.max(schema.minItems ?? 0, 3),
          }),
        },
        { weight: 1, arbitrary: fc.constant(Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => null)) },
        { weight: 1, arbitrary: invalidValue(schema) },
      );
    case "object": {
      const record = recordOf(schema, hints, 2, (s) => hostileValue(s, hints));
      // Sometimes with a key the schema does not know, or a prototype-polluting one.
      return fc.oneof(
        { weight: 8, arbitrary: record },
        {
          weight: 1,
          arbitrary: fc
            .tuple(record, fc.constantFrom("__proto__", "constructor", "\u0000", "x".repeat(1000)))
            .map(([r, key]) => ({ ...r, [key]: { polluted: true } })),
        },
        { weight: 1, arbitrary: invalidValue(schema) },
      );
    }
    default:
      return fc.oneof(fc.jsonValue(), hostileString);
  }
}

/** JSON text for `value`, writing each RawNumber verbatim (so the server sees what JSON.stringify would refuse). */
export function jsonText(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(",")}}`;
  }
  if (value === undefined) return "null";
  // JSON.stringify escapes NUL and lone surrogates (\u0000, \ud800): the text stays ASCII-safe on the wire.
  return JSON.stringify(value);
}

/** Percent-encodes text for a URL, writing a lone surrogate as the invalid UTF-8 it would be on the wire. */
export function urlText(value: unknown): string {
  const raw = value instanceof RawNumber ? value.text : typeof value === "string" ? value : jsonText(value);
  return raw.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g, (ch) =>
    /^[\uD800-\uDFFF]$/.test(ch) ? "%ED%A0%80" : encodeURIComponent(ch),
  );
}
