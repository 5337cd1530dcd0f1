// The Go toolchain a real run is built with, and the build cache of the load generator (lib/running/real/loadgen).
//
// `--go 1.26.8` (any release from 1.21 on): the go command on PATH with GOTOOLCHAIN=go1.26.8, which fetches that
// toolchain through the module proxy the first time. `--go 1.19` / `1.19.N`: Debian's golang-1.19-go
// (/usr/lib/go-1.19/bin/go; Go 1.19 predates toolchain switching). No `--go`: the go command on PATH as it is.
// The load generator is built once per (source, toolchain, go.mod go line) into
// $XDG_CACHE_HOME/heapcast/loadgen/<key>/loadgen (default ~/.cache); the go line changes the runtime's defaults from
// Go 1.25 on (e.g. container-aware GOMAXPROCS), so it is recorded with every run.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A toolchain that is missing or unusable: the message says what is missing and how to get it. */
export class ToolchainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolchainError";
  }
}

export interface GoToolchain {
  /** The go command to run. */
  goBin: string;
  /** Environment for it (GOTOOLCHAIN and friends). */
  env: NodeJS.ProcessEnv;
  /** `go env GOVERSION`, e.g. "go1.26.8". */
  version: string;
  /** What was asked for ("1.26.8", "1.19", or "" for the go on PATH). */
  requested: string;
}

/** Debian's Go 1.19 (package golang-1.19-go). */
export const DEBIAN_GO_119 = "/usr/lib/go-1.19/bin/go";

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

function goEnvVersion(goBin: string, env: NodeJS.ProcessEnv): string {
  return execFileSync(goBin, ["env", "GOVERSION"], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
  }).trim();
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GOWORK: "off", CGO_ENABLED: "0", GOFLAGS: "" };
  for (const k of ["GOGC", "GOMEMLIMIT", "GOMAXPROCS", "GODEBUG", "GOEXPERIMENT"]) delete env[k];
  return env;
}

/**
 * Finds the toolchain for `--go VERSION` ("" = the go on PATH). Throws ToolchainError saying how to get a missing one.
 */
export function resolveToolchain(requested = ""): GoToolchain {
  const v = requested.replace(/^go/, "");
  if (v !== "" && !/^1\.\d+(\.\d+)?$/.test(v)) {
    throw new ToolchainError(`--go: expected a Go version like 1.26.8 or 1.19, got ${JSON.stringify(requested)}`);
  }
  const minor = v === "" ? null : Number(v.split(".")[1]);
  if (minor !== null && minor < 21) {
    // Before Go 1.21 there is no toolchain switching: only an installed toolchain will do.
    const candidates = [`/usr/lib/go-1.${minor}/bin/go`];
    for (const goBin of candidates) {
      if (!fs.existsSync(goBin)) continue;
      const env = { ...baseEnv(), GOTOOLCHAIN: "local" };
      const version = goEnvVersion(goBin, env);
      if (v.split(".").length === 3 && version !== `go${v}`) {
        throw new ToolchainError(`--go ${v}: ${goBin} is ${version}, not go${v}; ask for --go 1.${minor} to use it`);
      }
      return { goBin, env, version, requested: v };
    }
    throw new ToolchainError(
      `--go ${v}: Go 1.${minor} is not installed (looked for ${candidates.join(", ")}). Go releases before 1.21 cannot be ` +
        `fetched by the go command; on Debian/Ubuntu: apt-get install golang-1.${minor}-go`,
    );
  }
  const goBin = which("go");
  if (goBin === null) {
    throw new ToolchainError(
      `no go command on PATH: heapcast builds its load generator with Go. Install Go 1.21 or newer (it fetches any other ` +
        `release from 1.21 on by itself, e.g. --go 1.26.8), or on Debian: apt-get install golang-go`,
    );
  }
  if (v !== "" && v.split(".").length !== 3) {
    throw new ToolchainError(
      `--go ${v}: name a release with its patch number, e.g. --go ${v}.0 (GOTOOLCHAIN needs an exact release)`,
    );
  }
  const env = { ...baseEnv(), GOTOOLCHAIN: v === "" ? "local" : `go${v}` };
  let version: string;
  try {
    version = goEnvVersion(goBin, env);
  } catch (e) {
    const err = e as { stderr?: string };
    throw new ToolchainError(
      `--go ${v || "(PATH)"}: ${goBin} could not provide go${v}: ${(err.stderr ?? String(e)).trim().split("\n").slice(-2).join(" ")}. ` +
        `The go command fetches toolchains through the Go module proxy (GOPROXY); check that it is reachable and that go${v} is a released version`,
    );
  }
  if (v !== "" && version !== `go${v}`) throw new ToolchainError(`--go ${v}: the go command reports ${version}`);
  return { goBin, env, version, requested: v };
}

/** The go.mod go line a toolchain builds the load generator with by default: its own language version. */
export function defaultGoLine(tc: GoToolchain): string {
  const m = /^go(1\.(\d+))(\.\d+)?/.exec(tc.version);
  if (!m) return "1.19";
  return Number(m[2]) >= 21 ? tc.version.replace(/^go/, "").replace(/-.*$/, "") : m[1];
}

/** Root of the package (where package.json is), found from this file in lib/ or dist/lib/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (
      fs.existsSync(path.join(dir, "package.json")) &&
      fs.existsSync(path.join(dir, "lib", "running", "real", "loadgen", "go.mod"))
    )
      return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`heapcast: cannot find lib/running/real/loadgen above ${__dirname}`);
    dir = up;
  }
}

/** The load generator's Go sources (name → text), from lib/running/real/loadgen. */
export function loadgenSources(): Map<string, string> {
  const dir = path.join(packageRoot(), "lib", "running", "real", "loadgen");
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir).sort()) {
    if (f.endsWith(".go") && !f.endsWith("_test.go")) files.set(f, fs.readFileSync(path.join(dir, f), "utf8"));
  }
  return files;
}

export function cacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "heapcast", "loadgen");
}

export interface BuiltLoadgen {
  binary: string;
  toolchain: GoToolchain;
  goLine: string;
  /** Whether this call built it (false: taken from the cache). */
  built: boolean;
}

/** Builds the load generator with a toolchain and go line (cached). */
export function buildLoadgen(tc: GoToolchain, goLine = defaultGoLine(tc)): BuiltLoadgen {
  if (!/^1\.\d+(\.\d+)?$/.test(goLine))
    throw new ToolchainError(`go line: expected a Go version like 1.26 or 1.19, got ${JSON.stringify(goLine)}`);
  const sources = loadgenSources();
  const h = createHash("sha256");
  h.update(`${tc.version}\0${goLine}\0`);
  for (const [name, text] of sources) h.update(`${name}\0${text}\0`);
  const dir = path.join(cacheDir(), `${tc.version}-go${goLine}-${h.digest("hex").slice(0, 16)}`);
  const binary = path.join(dir, "loadgen");
  if (fs.existsSync(binary)) return { binary, toolchain: tc, goLine, built: false };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-loadgen-build-"));
  try {
    for (const [name, text] of sources) fs.writeFileSync(path.join(work, name), text);
    fs.writeFileSync(path.join(work, "go.mod"), `module heapcast/loadgen\n\ngo ${goLine}\n`);
    fs.mkdirSync(dir, { recursive: true });
    const tmpBin = path.join(dir, `loadgen.tmp-${process.pid}`);
    try {
      execFileSync(tc.goBin, ["build", "-trimpath", "-ldflags", `-X main.goLine=${goLine}`, "-o", tmpBin, "."], {
        cwd: work,
        env: tc.env,
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 600_000,
      });
    } catch (e) {
      fs.rmSync(tmpBin, { force: true });
      const err = e as { stderr?: Buffer };
      throw new ToolchainError(
        `building the load generator with ${tc.version} (go line ${goLine}) failed:\n${err.stderr?.toString() ?? String(e)}`,
      );
    }
    fs.renameSync(tmpBin, binary);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { binary, toolchain: tc, goLine, built: true };
}
