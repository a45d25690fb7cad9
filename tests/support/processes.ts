// Processes that tests start and break on purpose: game servers, and private PostgreSQL and Redis
// instances in temp folders on free ports. The machine's shared PostgreSQL and Redis are never
// touched; everything started here is killed when the test file ends (call `stopAll` in afterAll).

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVER_NODE_FLAGS } from "../../server/node-flags.ts";

const started: ChildProcess[] = [];
const cleanups: (() => void)[] = [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Kills every process started here and removes their folders. */
export async function stopAll(): Promise<void> {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  for (const c of cleanups.splice(0)) {
    try {
      c();
    } catch {
      // a folder already gone is fine
    }
  }
}

function waitForOutput(
  proc: ChildProcess,
  output: () => string,
  pattern: RegExp,
  what: string,
  timeoutMs = 30_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not start:\n${output()}`)), timeoutMs);
    const check = () => {
      const m = pattern.exec(output());
      if (m) {
        clearTimeout(t);
        resolve(m);
      }
    };
    proc.stdout?.on("data", check);
    proc.stderr?.on("data", check);
    proc.once("exit", (code, signal) => {
      clearTimeout(t);
      reject(new Error(`${what} exited (${code ?? signal}) before it started:\n${output()}`));
    });
    check();
  });
}

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  /** ws://… for the SDK */
  url: string;
  /** http://… for fetch */
  http: string;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  kill: (signal?: NodeJS.Signals) => Promise<number | string>;
}

/**
 * Starts `server/main.ts` with `env` added to this process's environment. Resolves once it listens.
 * PORT defaults to a free port, HOST to loopback, static files to none.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, join(import.meta.dirname, "../../server/main.ts")],
    {
      env: {
        ...process.env,
        HOST: "127.0.0.1",
        PF_STATIC_DIR: "/nonexistent",
        ...env,
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  started.push(proc);
  let out = "";
  proc.stdout!.on("data", (d) => {
    out += d;
  });
  proc.stderr!.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | string>((resolve) =>
    proc.once("exit", (code, signal) => resolve(code ?? signal ?? "")),
  );
  // A loaded machine (CI, several test files' processes) can take long to start Node and the server.
  await waitForOutput(proc, () => out, /listening on http:\/\//, "server", 90_000);
  return {
    proc,
    port,
    url: `ws://127.0.0.1:${port}`,
    http: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    kill: (signal = "SIGKILL") => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** A server process scaled out on a PostgreSQL and a Redis, reached at its own loopback address. */
export async function startPeer(
  db: { url: string },
  redis: { url: string },
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  return startServerProcess({
    PORT: String(port),
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    PF_PUBLIC_ADDRESS: `127.0.0.1:${port}`,
    ...env,
  });
}

const PG_BIN = (() => {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    return "/usr/lib/postgresql/15/bin";
  }
})();

/** PostgreSQL refuses to run as root; as root, the private cluster runs as the `postgres` user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ["runuser", ["-u", "postgres", "--", cmd, ...args]];
}

export interface PrivatePostgres {
  url: string;
  port: number;
  dir: string;
  /** `pg_ctl stop -m fast` (or the given mode). */
  stop: (mode?: "smart" | "fast" | "immediate") => void;
  start: () => void;
  restart: () => void;
  /** SIGSTOP / SIGCONT the postmaster and its backends: PostgreSQL frozen, connections open. */
  freeze: () => void;
  thaw: () => void;
}

/** A throwaway PostgreSQL cluster on a free port, trust auth, database `test`. */
export async function startPostgres(): Promise<PrivatePostgres> {
  const dir = tempDir("pf-pg-");
  const data = join(dir, "data");
  if (process.getuid?.() === 0) {
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const run = (cmd: string, args: string[]) => {
    const [c, a] = asPostgres(join(PG_BIN, cmd), args);
    execFileSync(c, a, { stdio: "pipe" });
  };
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const start = () =>
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      join(dir, "log"),
      "-w",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    ]);
  const stop = (mode: "smart" | "fast" | "immediate" = "fast") =>
    run("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
  start();
  run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "test"]);
  const signalAll = (sig: "STOP" | "CONT") => {
    const pid = execFileSync("head", ["-1", join(data, "postmaster.pid")], {
      encoding: "utf8",
    }).trim();
    // the postmaster and every backend it forked
    execFileSync("pkill", [`-${sig}`, "-P", pid]);
    execFileSync("kill", [`-${sig}`, pid]);
  };
  cleanups.unshift(() => {
    try {
      stop("immediate");
    } catch {
      // already stopped
    }
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    port,
    dir,
    stop,
    start,
    restart: () => {
      stop("fast");
      start();
    },
    freeze: () => signalAll("STOP"),
    thaw: () => signalAll("CONT"),
  };
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server (its data is not saved: it comes back empty). */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  restart: () => Promise<void>;
}

/** A throwaway Redis on a free port that keeps nothing on disk. */
export async function startRedis(): Promise<PrivateRedis> {
  const dir = tempDir("pf-redis-");
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async () => {
    const p = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    started.push(p);
    proc = p;
    let out = "";
    p.stdout!.on("data", (d) => {
      out += d;
    });
    await waitForOutput(p, () => out, /Ready to accept connections/, "redis");
  };
  const stop = async () => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once("exit", r));
    p.kill("SIGKILL");
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
  };
}

/** A GET with a deadline: status, parsed JSON body (or text) and how long it took. */
export async function getJson(
  url: string,
  opts: { timeoutMs?: number; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server sent
): Promise<{ status: number; body: any; ms: number }> {
  const t0 = Date.now();
  const res = await fetch(url, {
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, ms: Date.now() - t0 };
}

/** A POST of a JSON body with a deadline: status, parsed JSON answer and its Retry-After header. */
export async function postJson(
  url: string,
  body: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server sent
): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get("retry-after") };
}

/** Polls `probe` until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  what: string,
  timeoutMs = 20_000,
  everyMs = 200,
): Promise<NonNullable<T>> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface SmallDisk {
  dir: string;
  /** Fills what is left of the disk with a file (ENOSPC for every write after). */
  fill: () => void;
  /** Removes the filler: the disk has room again. */
  free: () => void;
}

/**
 * A small tmpfs of `megabytes`, mounted on a temp folder (needs root, or CAP_SYS_ADMIN); where
 * mounting is not allowed, `unavailable` says why (mount's own message). Unmounted when the test
 * file ends.
 */
export function smallDisk(megabytes: number): SmallDisk | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), "pf-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], { stdio: "pipe" });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const said = String((e as { stderr?: Buffer }).stderr ?? "").trim() || (e as Error).message;
    return { unavailable: `cannot mount a ${megabytes} MB tmpfs (needs root or CAP_SYS_ADMIN): ${said}` };
  }
  const filler = join(dir, "filler");
  cleanups.push(() => {
    execFileSync("umount", ["-l", dir], { stdio: "pipe" });
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    fill: () => {
      const fd = openSync(filler, "a");
      const block = Buffer.alloc(64 * 1024);
      try {
        for (;;) writeSync(fd, block);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
        // The last bytes that still fit.
        for (const size of [4096, 512, 1]) {
          try {
            for (;;) writeSync(fd, block.subarray(0, size));
          } catch {}
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
  };
}

export interface PrivateNginx {
  /** host:port of the one public address */
  address: string;
  http: string;
  url: string;
  stop: () => Promise<void>;
}

/**
 * The nginx binary, installed from Debian packages if missing (as root with apt); null with the
 * reason when it cannot be had.
 */
export function ensureNginx(): { bin: string } | { missing: string } {
  const find = () => ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));
  let bin = find();
  if (bin) return { bin };
  if (process.getuid?.() !== 0)
    return { missing: "nginx is not installed and this is not root (apt-get install nginx-light)" };
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "pipe" });
    execFileSync("apt-get", ["install", "-y", "-qq", "nginx-light"], {
      stdio: "pipe",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch (e) {
    return { missing: `apt-get could not install nginx-light: ${e instanceof Error ? e.message : e}` };
  }
  bin = find();
  return bin ? { bin } : { missing: "nginx-light installed but no nginx binary found" };
}

/**
 * nginx on a free loopback port in front of game server processes, as docs/deploy.md configures it:
 * `/<prefix>/…` goes to that process (WebSocket connections to a room; each process'
 * PF_PUBLIC_ADDRESS is `address/<prefix>`), everything else to any process.
 */
export async function startNginx(
  bin: string,
  backends: { prefix: string; port: number }[],
  port?: number,
): Promise<PrivateNginx> {
  const dir = tempDir("pf-nginx-");
  chmodSync(dir, 0o755);
  const listen = port ?? (await freePort());
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, nginxConfig(dir, listen, backends));
  const p = spawn(bin, ["-p", dir, "-c", conf, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(p);
  let out = "";
  p.stdout!.on("data", (d) => {
    out += d;
  });
  p.stderr!.on("data", (d) => {
    out += d;
  });
  const t0 = Date.now();
  for (;;) {
    if (p.exitCode !== null) throw new Error(`nginx exited: ${out}`);
    const ok = await fetch(`http://127.0.0.1:${listen}/nginx-alive`)
      .then((r) => r.status === 204)
      .catch(() => false);
    if (ok) break;
    if (Date.now() - t0 > 20_000) throw new Error(`nginx did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address: `127.0.0.1:${listen}`,
    http: `http://127.0.0.1:${listen}`,
    url: `ws://127.0.0.1:${listen}`,
    stop: async () => {
      if (p.exitCode !== null || p.signalCode !== null) return;
      const gone = new Promise((r) => p.once("exit", r));
      p.kill("SIGTERM");
      await gone;
    },
  };
}

/** The configuration docs/deploy.md shows, with paths in `dir`, no TLS, and nginx as one process. */
export function nginxConfig(dir: string, port: number, backends: { prefix: string; port: number }[]): string {
  const upstream = backends
    .map((b) => `    server 127.0.0.1:${b.port} max_fails=1 fail_timeout=5s;`)
    .join("\n");
  const routes = backends
    .map(
      (b) => `    location /${b.prefix}/ {
      proxy_pass http://127.0.0.1:${b.port}/;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
    }`,
    )
    .join("\n");
  // One process (no master and workers): a test's SIGKILL at the end then leaves no worker behind.
  return `${process.getuid?.() === 0 ? "user root root;\n" : ""}master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream game {
${upstream}
  }
  server {
    listen 127.0.0.1:${port};
    location = /nginx-alive { return 204; }
${routes}
    location / {
      proxy_pass http://game;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 2s;
    }
  }
}
`;
}
