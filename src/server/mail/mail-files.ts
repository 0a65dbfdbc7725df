/**
 * The development mailbox: what the file mailer (./transport.ts) wrote to MAIL_DIR, newest first, for the
 * staff page at /admin/mail. Only headers are read (the first 8 KiB of each file); file names are ours.
 */
import { open, readdir } from "node:fs/promises";
import path from "node:path";

export interface MailFile {
  name: string;
  to: string;
  subject: string;
  date: string;
}

/** A name the file mailer could have written: no path, no dot-dot. */
export function isMailFileName(name: string): boolean {
  return /^[A-Za-z0-9-]+\.eml$/.test(name);
}

export async function listMailFiles(dir: string, limit = 50): Promise<MailFile[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isMailFileName).sort().reverse().slice(0, limit);
  return Promise.all(
    names.map(async (name) => {
      const file = await open(path.join(dir, name));
      try {
        const { buffer, bytesRead } = await file.read(Buffer.alloc(8_192), 0, 8_192, 0);
        const head =
          buffer
            .subarray(0, bytesRead)
            .toString("utf8")
            .split(/\r?\n\r?\n/)[0] ?? "";
        const header = (field: string) => new RegExp(`^${field}: (.*)$`, "mi").exec(head)?.[1]?.trim() ?? "";
        return { name, to: header("To"), subject: header("Subject"), date: header("Date") };
      } finally {
        await file.close();
      }
    }),
  );
}
