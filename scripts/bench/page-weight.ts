/**
 * npm run bench:weight -- --origin http://127.0.0.1:3000 [--path / --path /products/<id>]
 *
 * What a page makes the browser download before it can run: the scripts and style sheets its HTML names,
 * in bytes as served and gzipped (level 9, as a CDN or proxy would compress them). Byte counts do not
 * depend on the machine's speed, so two builds compare exactly (docs/web-app.md, "Design system").
 */
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { origin: { type: "string" }, path: { type: "string", multiple: true, default: ["/"] } },
  strict: true,
});
if (!values.origin) {
  console.error("error: --origin <a production server's URL> is required (npm run build && npm start first)");
  process.exit(1);
}
const origin = values.origin.replace(/\/$/, "");

interface Weight {
  files: number;
  bytes: number;
  gzipped: number;
}

async function weigh(urls: string[]): Promise<Weight> {
  const weight: Weight = { files: 0, bytes: 0, gzipped: 0 };
  for (const url of new Set(urls)) {
    const response = await fetch(new URL(url, origin), { headers: { "accept-encoding": "identity" } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    weight.files += 1;
    weight.bytes += body.length;
    weight.gzipped += gzipSync(body, { level: 9 }).length;
  }
  return weight;
}

const attributes = (html: string, tag: RegExp, attribute: string) =>
  [...html.matchAll(tag)].map((m) => new RegExp(`${attribute}="([^"]+)"`).exec(m[0])?.[1]).filter((v): v is string => !!v);

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  console.log("| page | scripts | JavaScript | gzipped | style sheets | CSS | gzipped |\n|---|---|---|---|---|---|---|");
  for (const path of values.path) {
    const response = await fetch(origin + path);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const html = await response.text();
    const scripts = await weigh(attributes(html, /<script\b[^>]*\bsrc="[^"]+"[^>]*>/g, "src"));
    const styles = await weigh(attributes(html, /<link\b[^>]*\brel="stylesheet"[^>]*>/g, "href"));
    console.log(
      `| ${path} | ${scripts.files} | ${kib(scripts.bytes)} | ${kib(scripts.gzipped)} | ${styles.files} | ${kib(styles.bytes)} | ${kib(styles.gzipped)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
