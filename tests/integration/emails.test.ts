/**
 * Customer emails: queued in the same transaction as the order (or its shipping), sent by the job runner to
 * a real local SMTP server (the smtp-server package) and read back from what it received; without SMTP, written
 * as .eml files. A checkout that rolls back queues nothing.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import type { JobRunner } from "../../src/server/jobs/runner";
import { isMailFileName, listMailFiles } from "../../src/server/mail/mail-files";
import { openMailer } from "../../src/server/mail/transport";
import { startTestJobRunner } from "./job-runner";
import { expectTrpcError, newCustomer, newProduct, unique, userCaller } from "./helpers";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const wait = { timeout: 60_000, interval: 50 };
const received: Received[] = [];
let smtp: SMTPServer;
let runner: JobRunner;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const mailer = openMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Stockroom <orders@stockroom.test>", dir: "unused" }, true);
  runner = await startTestJobRunner({ mailer });
});

afterAll(async () => {
  await runner?.stop();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

const to = (email: string) => received.filter((m) => m.to.includes(email));
const subjectOf = (m: Received) => /^Subject: (.*)$/m.exec(m.raw)?.[1];

describe("customer emails", () => {
  it("an order placed sends 'placed', shipping it sends 'shipped', each once, to the customer", async () => {
    const product = await newProduct({ stock: 5, priceMinor: 1250, name: "Linen Apron" });
    const { caller, user } = await newCustomer("Ada Lovelace");
    const key = unique("mail");
    const order = await caller.order.create({ idempotencyKey: key, lines: [{ productId: product.id, quantity: 2 }] });
    const reference = order.id.slice(-8).toUpperCase();
    await expect.poll(() => to(user.email).length, wait).toBe(1);
    const placed = to(user.email)[0]!;
    expect(placed.from).toBe("orders@stockroom.test");
    expect(subjectOf(placed)).toBe(`Your order ${reference} is placed`);
    expect(placed.raw).toContain("Hello Ada Lovelace,");
    expect(placed.raw).toContain("Linen Apron");

    const staff = await userCaller("staff");
    for (const status of ["PAID", "FULFILLED"] as const) await staff.order.transition({ id: order.id, to: status });
    await staff.order.transition({ id: order.id, to: "SHIPPED" });
    await expect.poll(() => to(user.email).length, wait).toBe(2);
    expect(subjectOf(to(user.email)[1]!)).toBe(`Your order ${reference} has shipped`);
    // A replayed checkout is the same order: no email. The next new order's is the third one.
    expect((await caller.order.create({ idempotencyKey: key, lines: [{ productId: product.id, quantity: 2 }] })).id).toBe(order.id);
    const next = await caller.order.create({ idempotencyKey: unique("mail"), lines: [{ productId: product.id, quantity: 1 }] });
    await expect.poll(() => to(user.email).length, wait).toBe(3);
    expect(to(user.email).map(subjectOf)).toEqual([
      `Your order ${reference} is placed`,
      `Your order ${reference} has shipped`,
      `Your order ${next.id.slice(-8).toUpperCase()} is placed`,
    ]);
  });

  it("a checkout that rolls back queues no email", async () => {
    const euro = await newProduct({ stock: 1, currency: "EUR" });
    const dollar = await newProduct({ stock: 5, currency: "USD" });
    const { caller, user } = await newCustomer();
    const mixed = [
      { productId: euro.id, quantity: 1 },
      { productId: dollar.id, quantity: 1 },
    ];
    await expectTrpcError(
      caller.order.create({ idempotencyKey: unique("mail"), lines: mixed }),
      "UNPROCESSABLE_CONTENT",
      "MIXED_CURRENCIES",
    );
    const [row] = await getDatabase().db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email-order-placed' AND data->>'orderId' NOT IN (SELECT id FROM "Order")`;
    expect(row!.n).toBe(0);
    // The next one that commits is mailed: the queue was working all along.
    await caller.order.create({ idempotencyKey: unique("mail"), lines: [{ productId: dollar.id, quantity: 1 }] });
    await expect.poll(() => to(user.email).length, wait).toBe(1);
  });

  it("without SMTP (development), messages are .eml files in MAIL_DIR", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-mail-"));
    try {
      const mailer = openMailer({ smtpUrl: null, from: "Stockroom <orders@stockroom.test>", dir }, false)!;
      await mailer.send({ to: "someone@example.com", subject: "Your order ABC is placed", text: "Hello", html: "<p>Hello</p>" });
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const raw = await readFile(path.join(dir, files[0]!), "utf8");
      expect(raw).toMatch(/^To: someone@example.com$/m);
      expect(raw).toMatch(/^Subject: Your order ABC is placed$/m);
      expect(openMailer({ smtpUrl: null, from: "x <x@x.test>", dir }, true)).toBeNull(); // production: none
      // What the staff page at /admin/mail lists, and the only names its download route serves.
      expect(await listMailFiles(dir)).toEqual([
        { name: files[0], to: "someone@example.com", subject: "Your order ABC is placed", date: expect.any(String) },
      ]);
      expect(isMailFileName(files[0]!)).toBe(true);
      for (const name of ["../secret.eml", "a/b.eml", "x.txt", ".eml"]) expect(isMailFileName(name), name).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
