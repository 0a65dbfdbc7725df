/**
 * An integrator's webhook receiver: a real HTTP server on a loopback port that records what it gets and
 * answers as each test tells it to (status, delay, redirect, a dropped connection).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The parsed envelope: { id, type, version, timestamp, data }. */
  json: { id: string; type: string; version: number; timestamp: string; data: Record<string, unknown> };
}

export type Behaviour = (request: Received, response: http.ServerResponse) => void | Promise<void>;

export const answer =
  (status: number, body = "ok"): Behaviour =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "text/plain" }).end(body);
  };

export interface Receiver {
  origin: string;
  url(path: string): string;
  received: Received[];
  on(path: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const behaviours = new Map<string, Behaviour>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      const request: Received = {
        path,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body,
        json: JSON.parse(body) as Received["json"],
      };
      received.push(request);
      void Promise.resolve((behaviours.get(path) ?? answer(200))(request, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    received,
    on: (path, behaviour) => behaviours.set(path, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies a delivery as a receiver would, with the standardwebhooks package; throws when it does not verify. */
export function verified(secret: string, request: Received): unknown {
  return new Webhook(secret).verify(request.body, request.headers);
}
