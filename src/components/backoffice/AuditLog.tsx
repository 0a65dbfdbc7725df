"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AuditOutcome } from "@/generated/prisma/enums";
import { useTRPC } from "@/trpc/client";

/** The audit trail, newest first: filter by action (or a prefix such as "products."), outcome and target. */
export function AuditLog() {
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [outcome, setOutcome] = useState<AuditOutcome | "">("");
  const [targetId, setTargetId] = useState("");
  const events = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      { limit: 50, action: action || undefined, outcome: outcome || undefined, targetId: targetId || undefined },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <div className="filters">
        <label>
          Action
          <input
            type="search"
            value={action}
            onChange={(e) => setAction(e.target.value.trim())}
            placeholder="products.update or products."
          />
        </label>
        <label>
          Outcome
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as AuditOutcome | "")}>
            <option value="">Any</option>
            <option value="ALLOWED">Allowed</option>
            <option value="DENIED">Denied</option>
            <option value="FAILED">Failed</option>
          </select>
        </label>
        <label>
          Target id
          <input type="search" value={targetId} onChange={(e) => setTargetId(e.target.value.trim())} />
        </label>
      </div>
      {events.isPending ? <p className="status">Loading…</p> : null}
      {events.isError ? <p className="error">{events.error.message}</p> : null}
      {events.isSuccess && items.length === 0 ? <p className="status">No entries match.</p> : null}
      {items.length ? (
        <table className="cart">
          <caption className="visually-hidden">Audit entries</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Outcome</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{e.at.toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "medium" })}</td>
                <td>
                  {e.actorType.toLowerCase().replace("_", " ")} <span className="sku">{e.actorId ?? ""}</span>
                </td>
                <td>{e.action}</td>
                <td>
                  {e.targetType ?? ""} <span className="sku">{e.targetId ?? ""}</span>
                </td>
                <td>
                  {e.outcome.toLowerCase()}
                  {e.reason ? ` (${e.reason})` : ""}
                </td>
                <td className="diff">
                  {e.diff
                    ? Object.entries(e.diff)
                        .map(([field, change]) => `${field}: ${(change as unknown[]).map((v) => JSON.stringify(v)).join(" → ")}`)
                        .join("; ")
                    : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {events.hasNextPage ? (
        <button type="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
