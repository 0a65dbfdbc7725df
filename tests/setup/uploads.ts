/**
 * A hostile client's upload and a server's memory, for the bench (`npm run bench:bodies`) and the e2e test
 * that sends large bodies to the production server.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

/** A process's resident memory in MB (Linux: /proc/<pid>/status). */
export function residentMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

export interface UploadOutcome {
  /** The answer's status, or the socket error's code when the server closed first. */
  status: number | string;
  /** Bytes written before the answer came (what the sockets buffered, not what the server read). */
  sentBytes: number;
  ms: number;
}

/**
 * POSTs `bytes` of JSON-looking filler to 127.0.0.1:`port``path`, declaring its length or chunked, as fast as
 * the server takes it; stops sending as soon as an answer (or an error) arrives.
 */
export function upload(port: number, path: string, bytes: number, declared: boolean): Promise<UploadOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path,
      headers: {
        "content-type": "application/json",
        ...(declared ? { "content-length": String(bytes) } : { "transfer-encoding": "chunked" }),
      },
    });
    const done = (status: number | string) => {
      if (settled) return;
      settled = true;
      resolve({ status, sentBytes: sent, ms: Math.round(performance.now() - started) });
      req.destroy();
    };
    req.on("response", (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on("error", (error: NodeJS.ErrnoException) => done(error.code ?? "error"));
    const chunk = Buffer.alloc(64 * 1024, "1");
    const pump = () => {
      while (!settled && sent < bytes) {
        const piece = sent === 0 ? Buffer.concat([Buffer.from('{"a":"'), chunk.subarray(6)]) : chunk;
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!settled) req.end();
    };
    pump();
  });
}
