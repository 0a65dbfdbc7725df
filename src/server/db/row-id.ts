import { randomBytes } from "node:crypto";

let lastMs = 0;
let counter = 0;

/**
 * An id for a row written with SQL of our own where Prisma would have generated a cuid: the same shape
 * (25 characters, lowercase letters and digits, starting with "c"), increasing with time within a process
 * (a millisecond's ids by a counter), and 80 random bits so that instances never collide.
 */
export function newRowId(): string {
  const now = Date.now();
  counter = now === lastMs ? counter + 1 : 0;
  lastMs = now;
  const random = BigInt(`0x${randomBytes(10).toString("hex")}`)
    .toString(36)
    .padStart(16, "0")
    .slice(-12);
  return `c${now.toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${random}`;
}
