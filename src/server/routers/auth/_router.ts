import { publicProcedure, router } from "../../trpc";
import { signUpHandler } from "./signUp.handler";
import { signUpInput, signUpOutput } from "./signUp.schema";

export const authRouter = router({
  signUp: publicProcedure.meta({ rateLimit: "signUp" }).input(signUpInput).output(signUpOutput).mutation(signUpHandler),
});
