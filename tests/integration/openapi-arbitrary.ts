/**
 * fast-check arbitraries from the OpenAPI document's JSON Schemas: values the document says are valid,
 * and values that break it in one place (a wrong type, a value out of range, a missing required field).
 */
import fc from "fast-check";

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  const?: unknown;
};

/** Property names whose values should usually be real (ids of rows that exist), so requests get past NOT_FOUND. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

/** A value the schema accepts (as far as JSON Schema can say: zod refinements may still refuse it). */
export function validValue(schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => validValue(v, hints)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "integer":
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, -2_000_000_000),
        max: Math.min(schema.maximum ?? 1_000_000, 2_000_000_000),
      });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "string":
      if (schema.pattern)
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? 10_000));
      if (schema.format === "date-time")
        return fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 200), size: "max" });
    case "array":
      return fc.array(validValue(schema.items ?? {}, hints), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "object":
      return recordOf(schema, hints, 4, (s) => validValue(s, hints));
    default:
      return fc.jsonValue();
  }
}

/**
 * An object for `schema`: each property from `valueOf`, or (when hinted) usually its hint, `hintWeight` to 1;
 * the schema's required properties always present.
 */
export function recordOf(schema: JsonSchema, hints: Hints, hintWeight: number, valueOf: (property: JsonSchema) => fc.Arbitrary<unknown>) {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  return fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([name, s]) => [
        name,
        hints[name] ? fc.oneof({ weight: hintWeight, arbitrary: hints[name] }, { weight: 1, arbitrary: valueOf(s) }) : valueOf(s),
      ]),
    ),
    { requiredKeys: Object.keys(properties).filter((name) => required.has(name)) },
  );
}

/** A value of the wrong kind for the schema, or just outside its bounds. */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  const options: fc.Arbitrary<unknown>[] = [fc.constant({ unexpected: "object" }), fc.constant([1, 2]), fc.constant(true)];
  if (type === "integer" || type === "number") {
    options.push(fc.constant("twelve"), fc.constant(1.5));
    if (schema.maximum !== undefined) options.push(fc.constant(schema.maximum + 1));
    if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1));
  }
  if (type === "string" || schema.enum) {
    options.push(fc.constant(12345));
    if (schema.maxLength !== undefined) options.push(fc.constant("x".repeat(schema.maxLength + 1)));
    if (schema.enum) options.push(fc.constant("NOT_ONE_OF_THEM"));
  }
  return fc.oneof(...options);
}

/**
 * A multipart body from generated field values: bytes as a file, strings as they are, anything else as
 * `text` writes it (JSON); undefined fields are left out.
 */
export function formDataOf(values: Record<string, unknown>, text: (value: unknown) => string = JSON.stringify): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value instanceof Uint8Array) form.append(name, new File([value as Uint8Array<ArrayBuffer>], "upload.bin"));
    else form.append(name, typeof value === "string" ? value : text(value));
  }
  return form;
}
