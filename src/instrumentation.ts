/** Next.js calls this once per server process before serving requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { fail, verifyStartup } = await import("./server/startup");
  await verifyStartup();
  const { getServerConfig } = await import("./server/config");
  // WORKER_MODE=all (the default): this process also runs the background jobs (docs/jobs.md).
  if (getServerConfig().workerMode === "all") {
    const { startProcessJobRunner } = await import("./server/jobs/process-runner");
    // Stopping beats serving on: Next.js would answer every request with a bare 500 after a failed hook.
    await startProcessJobRunner().catch((error: unknown) => fail(`the background job runner did not start: ${(error as Error).message}`));
  }
}
