/** Runs our command-line tools in process (scripts/lib/*-cli.ts), keeping what they write. */
import type { CliIo } from "../../scripts/lib/cli";

export function capturedIo(options: { stdin?: string; env?: Record<string, string | undefined> } = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    readStdin: () => options.stdin ?? null,
    env: { ...process.env, ...options.env },
  };
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join("");
  return { io, stdout: () => text(stdout), stderr: () => text(stderr) };
}
