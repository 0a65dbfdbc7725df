/**
 * nginx (Debian's package) in front of the app instances, as docs/deployment.md configures it: run as a
 * child process with its own prefix directory, its upstream list in a file of its own that `setUpstream`
 * rewrites and reloads (SIGHUP), waiting until every worker that had the old list is gone.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface UpstreamServer {
  address: string;
  /** Out of the rotation: nginx sends it no new requests (`down`). */
  down: boolean;
}

export interface Nginx {
  origin: string;
  /** Writes the upstream list, reloads, and resolves once no worker with the previous list is left. */
  setUpstream(servers: UpstreamServer[]): Promise<void>;
  /** Lines of nginx's error log at `warn` and above (an upstream that failed under it shows here). */
  errorLog(): string[];
  stop(): Promise<void>;
}

/** The proxy settings docs/deployment.md recommends; the rehearsal runs exactly this file. */
export function nginxConfig(dir: string, port: number): string {
  return `# Written by scripts/deploy/nginx.ts (npm run deploy:rehearse); docs/deployment.md explains each setting.
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
# A reload lets old workers finish their requests; a stream still open after this long is closed
# (the browser's EventSource reconnects to a new worker and resumes from its last event id).
worker_shutdown_timeout 30s;
events { worker_connections 4096; }

http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;

  upstream stockroom {
    include ${dir}/upstream.conf;
    # Connections to the instances are reused (HTTP/1.1 keep-alive below), not opened per request.
    keepalive 64;
  }

  server {
    listen 127.0.0.1:${port};
    # The app bounds every body itself (413 with the field); this only has to let its limits through.
    client_max_body_size 12m;

    location / {
      proxy_pass http://stockroom;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A failed connection is retried on the other instance for GET and HEAD only: a POST that may
      # have reached an instance is never sent twice (nginx's default, spelled out).
      proxy_next_upstream error timeout;
      proxy_connect_timeout 5s;
      # Above the realtime keep-alive ping (15 s) so server-sent event streams are not cut as idle.
      proxy_read_timeout 75s;
      proxy_send_timeout 75s;
      # Server-sent events: the app answers them with X-Accel-Buffering: no, which turns buffering off
      # for that response only; everything else is buffered as usual.
    }
  }
}
`;
}

/** Fails with the way to install nginx when it is missing. */
export function nginxBinary(): string {
  const candidate = process.env.NGINX_BIN ?? "nginx";
  const probe = spawnSync(candidate, ["-v"], { encoding: "utf8" });
  if (probe.error) throw new Error(`nginx not found (${candidate}): install it (Debian/Ubuntu: apt-get install nginx) or set NGINX_BIN`);
  return candidate;
}

/** The pids of a process's children (Linux: /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const listed = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (listed) children.push(...listed.split(/\s+/).map(Number));
  }
  return children;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startNginx(dir: string, port: number, servers: UpstreamServer[]): Promise<Nginx> {
  const binary = nginxBinary();
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, "tmp", sub), { recursive: true });
  const upstreamFile = path.join(dir, "upstream.conf");
  const writeUpstream = (list: UpstreamServer[]) =>
    writeFileSync(upstreamFile, list.map((s) => `server ${s.address}${s.down ? " down" : ""};\n`).join(""));
  writeUpstream(servers);
  const configFile = path.join(dir, "nginx.conf");
  writeFileSync(configFile, nginxConfig(dir, port));
  execFileSync(binary, ["-t", "-q", "-p", dir, "-c", configFile], { stdio: ["ignore", "ignore", "inherit"] });

  const master: ChildProcess = spawn(binary, ["-p", dir, "-c", configFile, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  process.once("exit", () => master.kill("SIGKILL"));
  let stderr = "";
  master.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (master.exitCode !== null) throw new Error(`nginx exited at start: ${stderr}`);
    const up = await fetch(`${origin}/api/health/live`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (tries > 600) throw new Error("nginx did not answer within a minute");
    await sleep(100);
  }

  return {
    origin,
    async setUpstream(list) {
      const before = new Set(childrenOf(master.pid!));
      writeUpstream(list);
      master.kill("SIGHUP");
      // Reloaded when every worker is new: the old ones finished their requests (bounded by worker_shutdown_timeout).
      for (;;) {
        if (master.exitCode !== null) throw new Error(`nginx exited on reload: ${stderr}`);
        const now = childrenOf(master.pid!);
        if (now.length > 0 && now.every((pid) => !before.has(pid))) return;
        await sleep(50);
      }
    },
    errorLog: () => {
      try {
        return readFileSync(path.join(dir, "error.log"), "utf8").split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
    async stop() {
      if (master.exitCode !== null) return;
      const exited = once(master, "exit");
      master.kill("SIGQUIT");
      await exited;
    },
  };
}
