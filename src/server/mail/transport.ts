/**
 * Where customer emails go: an SMTP server (`SMTP_URL`), or, outside production, `.eml` files in MAIL_DIR
 * that any mail client opens (the embedded default sends nothing anywhere). Production without SMTP_URL
 * sends no email; start-up says so.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { MailSettings } from "../config";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Where messages go, for logs (never a password). */
  description: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function openMailer(settings: MailSettings, production: boolean): Mailer | null {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(settings.smtpUrl);
    const url = new URL(settings.smtpUrl);
    return {
      description: `SMTP at ${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}`,
      send: async (mail) => void (await transport.sendMail({ from: settings.from, ...mail })),
      close: () => transport.close(),
    };
  }
  if (production) return null;
  const dir = path.resolve(settings.dir);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    description: `.eml files in ${dir}`,
    async send(mail) {
      const info = await transport.sendMail({ from: settings.from, ...mail });
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${info.messageId.replace(/[^A-Za-z0-9]/g, "").slice(0, 24)}.eml`;
      await writeFile(path.join(dir, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
