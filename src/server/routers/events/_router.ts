import { anyPermissionProcedure, router } from "../../trpc";
import { listEventsHandler } from "./list.handler";
import { listEventsInput, listEventsOutput } from "./list.schema";
import { liveEventsHandler } from "./live.handler";
import { liveEventsInput } from "./live.schema";

const tags = ["Events"];

/** What happened, for integrators who pull (webhooks push the same events). */
export const eventsRouter = router({
  list: anyPermissionProcedure("order:read:any", "product:read:any")
    .meta({
      openapi: {
        method: "GET",
        path: "/events",
        tags,
        summary: "Events after a cursor, oldest first; each type needs the scope that reads its subject",
      },
    })
    .input(listEventsInput)
    .output(listEventsOutput)
    .query(listEventsHandler),
  /** The same events as they commit, over Server-Sent Events (docs/realtime.md); not on REST. */
  live: anyPermissionProcedure("order:read:any", "product:read:any").input(liveEventsInput).subscription(liveEventsHandler),
});
