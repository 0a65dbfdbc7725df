"use client";

import { useEffect, useState } from "react";

/**
 * What a live stream is doing, said quietly and only when it matters: "reconnecting" once a stream that
 * was live lost its connection (it catches up by itself on reconnection), or why it stopped. Fixed in a
 * corner, so it never shifts the page. Otherwise a hidden marker whose `data-live` tells tests the state.
 */
export function LiveStatus({ status, error }: { status: "idle" | "connecting" | "pending" | "error"; error?: { message: string } | null }) {
  const [wasLive, setWasLive] = useState(false);
  useEffect(() => {
    if (status === "pending") setWasLive(true);
  }, [status]);
  if (status === "connecting" && wasLive) {
    return (
      <p role="status" className="live-status" data-live={status}>
        Reconnecting… updates will catch up.
      </p>
    );
  }
  if (status === "error") {
    return (
      <p role="status" className="live-status" data-live={status}>
        Live updates stopped: {error?.message ?? "the connection failed"}. Reload the page to try again.
      </p>
    );
  }
  return <span hidden data-live={status} />;
}
