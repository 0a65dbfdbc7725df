/** Runs our command-line tools in process (scripts/lib/*-cli.ts), keeping what they write. */
import type { CliIo } from "../../scripts/lib/cli";

export function capturedIo(options: { stdin?: string; env?: Record<string, string | undefined>; answers?: string[] } = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    readStdin: () => options.stdin ?? null,
    // A terminal that answers with `answers` in turn; without them, no terminal.
    ask: async (question) => {
      if (!options.answers) return null;
      stderr.push(question);
      return options.answers.shift() ?? "";
    },
    env: { ...process.env, ...options.env },
  };
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join("");
  return { io, stdout: () => text(stdout), stderr: () => text(stderr) };
}
