import { TRPCError } from "@trpc/server";
import type { ActorContext } from "../../context";
import type { z } from "zod";
import type { meOutput } from "./get.schema";

export async function getMeHandler({ ctx }: { ctx: Pick<ActorContext, "actor" | "db"> }): Promise<z.infer<typeof meOutput>> {
  const { actor } = ctx;
  if (actor.type === "user") {
    const user = await ctx.db.user.findUnique({
      where: { id: actor.userId },
      select: { id: true, email: true, name: true, role: true, createdAt: true },
    });
    if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "Your account no longer exists" });
    return { type: "user", ...user };
  }
  const key = await ctx.db.apiKey.findUniqueOrThrow({
    where: { id: actor.apiKeyId },
    select: { id: true, name: true, prefix: true, expiresAt: true },
  });
  return { type: "apiKey", ...key, scopes: actor.scopes };
}
