/**
 * The benchmark's bare limit: node:http and a `pg` pool running the same SQL as Stockroom and answering
 * the same JSON (reference/reference.ts), with no framework, no auth, no logging. The closest thing to
 * what this machine can do for these queries.
 *
 * Usage: DATABASE_URL=postgresql://… tsx scripts/bench/bare-server.ts <port>
 */
import http from "node:http";
import pg from "pg";
import { answerReference } from "./reference/reference-routes";

const port = Number(process.argv[2] ?? 3400);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

const server = http.createServer((req, res) => {
  void (async () => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? "/", "http://bare");
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const answer = await answerReference(pool, req.method ?? "GET", url, headers, Buffer.concat(chunks).toString("utf8"), url.pathname);
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body);
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: (error as Error).message }));
    }
  })();
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => process.stdout.write(`bare server on ${port}\n`));
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
