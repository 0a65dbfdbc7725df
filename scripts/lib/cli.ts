/**
 * What a command-line tool of ours needs from its process, passed in so that tests run the same code in
 * process (one end-to-end spawn per command is kept, in tests/).
 */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";

export interface CliIo {
  /** Standard output: what another program may read (a key's secret, a status table). */
  out(line: string): void;
  /** Standard error: progress and problems. */
  err(line: string): void;
  /** All of standard input, or null when it is a terminal (nothing piped in). */
  readStdin(): string | null;
  /** Asks a question on the terminal and returns the answer; null when there is no terminal to ask on. */
  ask(question: string): Promise<string | null>;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readStdin: () => (process.stdin.isTTY ? null : readFileSync(0, "utf8")),
  ask: async (question) => {
    if (!process.stdin.isTTY) return null;
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await terminal.question(question);
    } finally {
      terminal.close();
    }
  },
  env: process.env,
};

/** Runs a command's `main` with the process's arguments and exits with its code. */
export function runAsProcess(main: (argv: string[], io: CliIo) => Promise<number>): void {
  main(process.argv.slice(2), processIo).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
