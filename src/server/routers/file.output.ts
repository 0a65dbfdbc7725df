import { z } from "zod";
import type { CsvChunks } from "../csv/write";

/**
 * The output of a procedure that streams a file (meta `rest.file`): its text chunks. Checked to be an async
 * iterable, not read; REST sends it as the file, and the OpenAPI document describes it by its media type.
 */
export const fileOutput = z
  .custom<CsvChunks>(
    (value) => typeof value === "object" && value !== null && Symbol.asyncIterator in value,
    "The output is not a stream of text",
  )
  .meta({ override: { type: "string" } });
