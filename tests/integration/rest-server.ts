/**
 * A real HTTP server on 127.0.0.1 around the REST route handlers, for clients that must talk over the
 * network (the generated typed client, Prism's validating proxy).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GET as openapi } from "../../src/app/api/v1/openapi.json/route";
import { handleRestRequest } from "../../src/server/rest/handler";

export async function startRestServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const url = `http://${req.headers.host}${req.url}`;
      const request = new Request(url, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
      });
      const response = new URL(url).pathname === "/api/v1/openapi.json" ? openapi() : await handleRestRequest(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
