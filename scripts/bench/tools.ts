/** What the benchmark needs before it starts: the load generator and the build with the reference routes. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fail, flags, log, root } from "./options";

export function ensureWrk() {
  if (spawnSync("wrk", ["--version"]).error === undefined) return;
  if (process.getuid?.() === 0) {
    log("installing wrk (Debian package)");
    const installed = spawnSync(
      "bash",
      ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null"],
      { stdio: "inherit" },
    );
    if (installed.status === 0) return;
  }
  fail("the benchmark drives load with wrk: install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)");
}

export function build() {
  if (flags.skipBuild && existsSync(path.join(root, ".next-bench/BUILD_ID"))) return log("reusing .next-bench");
  log("building (next build with the reference routes, into .next-bench)");
  execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, STOCKROOM_BENCH_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
}
