import type { TestProject } from "vitest/node";
import { createTemplate, dropAbandonedDatabases, type Backend } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    backend: Backend;
    templateUrl: string;
  }
}

/** Per project (backend): build the template database once, hand its URL to the workers, drop it at the end. */
export default async function setup(project: TestProject) {
  const backend = project.config.env.STOCKROOM_TEST_BACKEND as Backend;
  if (backend === "postgres") await dropAbandonedDatabases();
  const template = await createTemplate(backend);
  project.provide("backend", backend);
  project.provide("templateUrl", template.url);
  return () => template.drop();
}
