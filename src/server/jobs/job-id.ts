/**
 * Job ids that sort in the order they were made (UUID version 7: milliseconds, then a counter, then random
 * bits). pg-boss takes jobs in (created_on, id) order, and jobs written in one transaction share created_on:
 * with random ids, an endpoint's deliveries of one relay pass would go out in random order.
 */
import { randomBytes } from "node:crypto";

let lastMs = 0;
let counter = 0;

export function orderedJobId(now = Date.now()): string {
  if (now <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
