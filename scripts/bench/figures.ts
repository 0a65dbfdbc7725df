/** What the small benchmark scripts share: their numeric options and their percentiles. */
import { parseArgs } from "node:util";

/** `--name <number>` options with their defaults; an unknown option or a value that is not a positive number stops the script. */
export function numericOptions<T extends Record<string, number>>(defaults: T, argv = process.argv.slice(2)): T {
  try {
    const { values } = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.keys(defaults).map((name) => [name, { type: "string" as const }])),
      strict: true,
    });
    const chosen: Record<string, number> = { ...defaults };
    for (const [name, raw] of Object.entries(values)) {
      const value = Number(raw);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number (got ${String(raw)})`);
      chosen[name] = value;
    }
    return chosen as T;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

/** The `p`th percentile (0-100) of `values`, nearest rank; NaN for none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
