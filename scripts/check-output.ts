/**
 * Fails when a test or CI run printed a warning that is not on the allow-list below: npm's warnings, Node's
 * process warnings (deprecations, experimental features), Next.js's "⚠" notices, React's "Warning:" lines.
 * A new warning must be fixed, or added here with the reason it cannot be.
 *
 * Usage: tsx scripts/check-output.ts <log file>...
 */
import { readFileSync } from "node:fs";

/** What counts as a warning, line by line (colours stripped). JSON log lines of the app are not: they are its output. */
const warningPatterns: RegExp[] = [
  /^npm warn/i,
  /\((node|Use `node)[:\s]/, // (node:1234) DeprecationWarning: … / ExperimentalWarning / MaxListenersExceededWarning
  /\b[A-Za-z]*Warning:/, // DeprecationWarning:, Warning: (React), TimeoutNegativeWarning: …
  /⚠/, // Next.js's warn prefix
];

/**
 * Warnings we accept, each with the reason. Keep this list short: every entry is a warning a newcomer reads.
 */
const allowed: { pattern: RegExp; why: string }[] = [
  {
    // Test names and assertions that talk about warnings are not warnings.
    pattern: /✓ .*warning/i,
    why: "a passing test whose name mentions warnings",
  },
];

// eslint-disable-next-line no-control-regex -- the escape character is what colour codes start with
const ansi = /\x1b\[[0-9;]*m/g;

const files = process.argv.slice(2);
if (!files.length) {
  console.error("usage: tsx scripts/check-output.ts <log file>...");
  process.exit(2);
}
const found: string[] = [];
for (const file of files) {
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.replace(ansi, "").trim();
    if (line.startsWith("{") || line.includes('] {"level"')) continue;
    if (!warningPatterns.some((p) => p.test(line))) continue;
    if (allowed.some((a) => a.pattern.test(line))) continue;
    found.push(`${file}: ${line.slice(0, 300)}`);
  }
}
if (found.length) {
  console.error(`${found.length} warning(s) printed that are not on the allow-list in scripts/check-output.ts:`);
  for (const line of [...new Set(found)]) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`No warnings outside the allow-list (${files.join(", ")}).`);
