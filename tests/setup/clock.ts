/**
 * Time for tests that count in windows. Rate-limit windows (1 s, 1 min, 1 h) are aligned to the epoch, so a
 * test that happened to run across a boundary would see the sliding window weigh the previous one. These
 * helpers freeze `Date` (and only `Date`: timers, sockets and Redis keep real time) in the middle of the
 * current second, minute and hour; a test moves it on purpose with `advanceClock`.
 */
import { vi } from "vitest";

const HOUR = 3_600_000;

/** Freezes `Date.now()` at the middle of this hour's 30th minute, 30.5 s in: no window boundary is near. */
export function holdClockMidWindow(): number {
  const now = Math.floor(Date.now() / HOUR) * HOUR + 30 * 60_000 + 30_500;
  vi.useFakeTimers({ toFake: ["Date"], now });
  return now;
}

/** Moves the held clock forward. */
export function advanceClock(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

/** Back to the real clock. */
export function releaseClock(): void {
  vi.useRealTimers();
}
