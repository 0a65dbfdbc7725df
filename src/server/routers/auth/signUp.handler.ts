import type { Context } from "../../context";
import { hashPassword } from "../../auth/passwords";
import { appError } from "../../errors";
import { isUniqueViolation } from "../../db/errors";
import type { SignUpInput } from "./signUp.schema";

/** A new customer account. The web app then signs in through Auth.js with the same credentials. */
export async function signUpHandler({ ctx, input }: { ctx: Pick<Context, "db">; input: SignUpInput }) {
  const emailTaken = () =>
    appError("CONFLICT", "EMAIL_TAKEN", "An account with this email already exists: sign in instead", { field: "email" });
  if (await ctx.db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: "CUSTOMER" },
      select: { id: true, email: true, name: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
