/**
 * Every text field of every procedure's input refuses NUL and invalid Unicode, because it is built from the
 * API's one string schema (src/server/validation/text.ts). A new `z.string()` in an input fails here.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../../src/server/routers/_app";
import { isSafeText, isTextSchema, text } from "../../src/server/validation/text";

type Def = Record<string, unknown> & { type: string };

/** The paths of string fields in `schema` that are neither `text()` nor a built-in format (email, ISO date...). */
function looseStrings(schema: z.ZodType, path: string, found: string[], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return found;
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  const walk = (inner: unknown, at = path) => looseStrings(inner as z.ZodType, at, found, seen);
  if (schema instanceof z.ZodString) {
    if (!isTextSchema(schema) && !def.format) found.push(path);
    return found;
  }
  switch (def.type) {
    case "object":
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) walk(value, `${path}.${key}`);
      break;
    case "array":
      walk(def.element, `${path}[]`);
      break;
    case "tuple":
      (def.items as unknown[]).forEach((item, i) => walk(item, `${path}[${i}]`));
      if (def.rest) walk(def.rest, `${path}[…]`);
      break;
    case "union":
      for (const option of def.options as unknown[]) walk(option);
      break;
    case "record":
      walk(def.keyType, `${path}{key}`);
      walk(def.valueType, `${path}{value}`);
      break;
    case "intersection":
      walk(def.left);
      walk(def.right);
      break;
    case "pipe":
      // The value reaches the second half only after the first accepted it (text() then an email format).
      walk(def.in);
      if (!((def.in as z.ZodType) instanceof z.ZodString)) walk(def.out);
      break;
    case "lazy":
      walk((def.getter as () => unknown)());
      break;
    default:
      if (def.innerType) walk(def.innerType);
  }
  return found;
}

describe("the API's text fields", () => {
  it("are all built from text(), in every procedure's input", () => {
    const loose: string[] = [];
    for (const [name, procedure] of Object.entries(appRouter._def.procedures)) {
      const inputs = (procedure as unknown as { _def: { inputs: z.ZodType[] } })._def.inputs;
      for (const input of inputs) looseStrings(input, name, loose);
    }
    expect(loose).toEqual([]);
  });

  it("finds a loose string (the check above can fail)", () => {
    expect(looseStrings(z.object({ a: text(), b: z.object({ c: z.string().max(3) }).optional() }), "x", [])).toEqual(["x.b.c"]);
  });

  it("refuse NUL and unpaired surrogates with a stable code, and accept any other Unicode", () => {
    const name = text().trim().max(50);
    for (const bad of ["a\u0000b", "\uD800", "x\uDC00", "\uDBFF!"]) {
      const result = name.safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ code: "custom", params: { code: "invalid_text" } });
    }
    for (const good of ["Café ☕", "שלום\u200F", "👩🏽‍🚀", "\u0001\t\n", "漢字", "\uFEFFbom"])
      expect(name.safeParse(good).success, good).toBe(true);
    expect(isSafeText("\uD83D\uDE00")).toBe(true);
  });
});
