import { authenticatedProcedure, router, signedInProcedure } from "../../trpc";
import { changePasswordHandler } from "./changePassword.handler";
import { changePasswordInput, changePasswordOutput } from "./changePassword.schema";
import { getMeHandler } from "./get.handler";
import { meOutput } from "./get.schema";
import { updateProfileHandler } from "./updateProfile.handler";
import { updateProfileInput } from "./updateProfile.schema";

export const meRouter = router({
  get: authenticatedProcedure
    .meta({ openapi: { method: "GET", path: "/me", tags: ["Identity"], summary: "Who is calling: the API key, its name and scopes" } })
    .output(meOutput)
    .query(getMeHandler),
  updateProfile: signedInProcedure.input(updateProfileInput).output(meOutput).mutation(updateProfileHandler),
  changePassword: signedInProcedure
    .meta({ audit: "always" })
    .input(changePasswordInput)
    .output(changePasswordOutput)
    .mutation(changePasswordHandler),
});
