import { publicProcedure, router } from "../../trpc";
import { signUpHandler } from "./signUp.handler";
import { signUpInput, signUpOutput } from "./signUp.schema";

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).output(signUpOutput).mutation(signUpHandler),
});
