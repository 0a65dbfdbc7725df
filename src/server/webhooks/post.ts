/**
 * One HTTP attempt at a receiver: POST the body, wait at most `timeoutMs` for the whole answer, follow no
 * redirect, read at most 1 KiB of the response. Never throws: the outcome says what happened, in words safe
 * to store and show (no secret is ever part of it).
 */
import { Agent, request } from "undici";
import { addressLiteral, guardedLookup, refusedAddress, RefusedAddressError, systemResolver, type Resolver } from "./address-guard";

export const RESPONSE_EXCERPT_BYTES = 1_024;

export type AttemptOutcome =
  | { ok: boolean; statusCode: number; responseExcerpt: string; durationMs: number; error: null }
  | { ok: false; statusCode: null; responseExcerpt: null; durationMs: number; error: string };

export interface ReceiverClientOptions {
  timeoutMs: number;
  allowLoopback: boolean;
  resolver?: Resolver;
  /** Milliseconds since some origin, for durations (tests may pass a clock). */
  now?: () => number;
}

export interface ReceiverClient {
  post(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome>;
  close(): Promise<void>;
}

/** A client whose connections go only to checked addresses (./address-guard.ts). */
export function receiverClient(options: ReceiverClientOptions): ReceiverClient {
  const now = options.now ?? (() => performance.now());
  const agent = new Agent({
    connect: { lookup: guardedLookup(options.resolver ?? systemResolver, options.allowLoopback), timeout: options.timeoutMs },
    keepAliveTimeout: 4_000,
    connections: 4,
  });
  return {
    async post(url, headers, body) {
      const started = now();
      const elapsed = () => Math.round(now() - started);
      const failed = (error: string): AttemptOutcome => ({
        ok: false,
        statusCode: null,
        responseExcerpt: null,
        durationMs: elapsed(),
        error,
      });
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return failed("the endpoint URL is not valid");
      }
      // An address written in the URL is never looked up, so the lookup hook would not see it: check it here.
      const literal = addressLiteral(parsed.hostname);
      if (literal) {
        const reason = refusedAddress(literal, options.allowLoopback);
        if (reason) return failed(`address refused: ${reason}`);
      }
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const response = await request(parsed, {
          method: "POST",
          dispatcher: agent,
          headers: { ...headers, "content-type": "application/json", "user-agent": "Stockroom-Webhooks/1" },
          body,
          signal,
        });
        const responseExcerpt = await readExcerpt(response.body);
        const statusCode = response.statusCode;
        return { ok: statusCode >= 200 && statusCode < 300, statusCode, responseExcerpt, durationMs: elapsed(), error: null };
      } catch (error) {
        return failed(describeFailure(error, signal, options.timeoutMs));
      }
    },
    close: () => agent.close(),
  };
}

/** The start of the body, then the connection is let go (a receiver cannot make us read megabytes). */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_EXCERPT_BYTES) break;
    }
  } catch {
    // A body cut short still leaves its status; what arrived is the excerpt.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
}

function describeFailure(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timed out after ${timeoutMs} ms`;
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  const refused = chain.find((e) => e instanceof RefusedAddressError);
  if (refused) return refused.message;
  const coded = chain.find((e) => typeof (e as { code?: unknown }).code === "string") as { code: string; message: string } | undefined;
  switch (coded?.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "connection reset";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found";
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return `timed out after ${timeoutMs} ms`;
    default:
      return coded ? `${coded.code}: ${coded.message.slice(0, 200)}` : "request failed";
  }
}
