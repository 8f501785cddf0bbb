import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launcherProcessId } from "../src/modules/sandbox/launcher.ts";
import {
  assertSandboxAvailable,
  gradingHold,
  runInSandbox,
  type SandboxLimits,
  type SandboxRun,
  withSandboxPriority,
} from "../src/modules/sandbox/sandbox.ts";

const repoPackageJson = path.resolve(import.meta.dirname, "..", "package.json");
const secret = `canary-${randomUUID()}`;
const small: Partial<SandboxLimits> = { wallMs: 2000, cpuMs: 2000, memoryMb: 128, processes: 32 };

type Runtime = SandboxRun["runtime"];

function box(runtime: Runtime, source: string, extra: Partial<SandboxRun> = {}) {
  const file = runtime === "node" ? "main.js" : "main.py";
  return runInSandbox({
    runtime,
    files: { [file]: source },
    command: [runtime, file],
    ...extra,
    limits: { ...small, ...extra.limits },
  });
}

/** Host processes whose command line contains the marker. */
function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "latin1").includes(marker)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

let listener: Server;
let listenerPort = 0;
let connections = 0;
let hostDir: string;
let hostFile: string;

beforeAll(async () => {
  assertSandboxAvailable();
  process.env.EVIDENT_SECRET_CANARY = secret;
  listener = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const address = listener.address();
  listenerPort = typeof address === "object" && address ? address.port : 0;
  hostDir = mkdtempSync(path.join(tmpdir(), "evident-sandbox-canary-"));
  hostFile = path.join(hostDir, "target.txt");
  writeFileSync(hostFile, "intact\n");
});

afterAll(async () => {
  delete process.env.EVIDENT_SECRET_CANARY;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  rmSync(hostDir, { recursive: true, force: true });
});

const programs: Record<Runtime, Record<string, (ctx: Record<string, string>) => string>> = {
  node: {
    happy: () => `
      let input = "";
      process.stdin.on("data", (d) => (input += d)).on("end", () => {
        let x = 0; for (let i = 0; i < 2e6; i++) x += i;
        process.stdout.write(input.toUpperCase() + "|" + process.env.GREETING + "|" + (x > 0));
      });`,
    forkBomb: () => `
      const { spawn } = require("node:child_process");
      spawn("/bin/sh", ["-c", "f() { f | f & }; f"], { stdio: "ignore" });
      setTimeout(() => {
        const codes = new Set();
        for (let i = 0; i < 40; i++) {
          spawn("/bin/sleep", ["5"], { stdio: "ignore" }).on("error", (e) => codes.add(e.code));
        }
        setTimeout(() => {
          console.log("probe:", [...codes].join(","));
          process.exit(3);
        }, 300);
      }, 500);`,
    memoryBomb: () => `
      const hold = [];
      for (;;) hold.push(new Array(1e5).fill(Math.random()));`,
    infiniteLoop: () => "for (;;) {}",
    cpuLoop: () => "for (;;) {}",
    outputFlood: () => `
      const line = "x".repeat(1000) + "\\n";
      for (;;) process.stdout.write(line);`,
    network: ({ port }) => `
      const net = require("node:net");
      const dns = require("node:dns");
      const attempt = (host, port) => new Promise((resolve) => {
        const s = net.connect({ host, port, timeout: 1000 });
        s.on("connect", () => { s.destroy(); resolve("connected"); });
        s.on("timeout", () => { s.destroy(); resolve("timeout"); });
        s.on("error", (e) => resolve(e.code));
      });
      (async () => {
        const local = await attempt("127.0.0.1", ${port});
        const remote = await attempt("1.1.1.1", 53);
        const lookup = await new Promise((r) => dns.lookup("example.com", (e, a) => r(e ? e.code : a)));
        console.log(JSON.stringify({ local, remote, lookup }));
      })();`,
    hostFiles: ({ repoFile }) => `
      const fs = require("node:fs");
      const read = (p) => { try { return fs.readFileSync(p, "utf8"); } catch (e) { return e.code; } };
      console.log(JSON.stringify({
        shadow: read("/etc/shadow"),
        repo: read(${JSON.stringify(repoFile)}),
        environ: read("/proc/1/environ"),
        env: process.env,
      }));`,
    writeOutside: ({ hostTmp }) => `
      const fs = require("node:fs");
      const results = {};
      for (const p of ["/usr/x", ${JSON.stringify(hostTmp)}, "/etc/x", "/x"]) {
        try { fs.writeFileSync(p, "pwned"); results[p] = "written"; } catch (e) { results[p] = e.code; }
      }
      console.log(JSON.stringify(results));`,
    symlink: ({ hostFile, hostDir }) => `
      const fs = require("node:fs");
      fs.symlinkSync(${JSON.stringify(hostFile)}, "/work/link");
      fs.symlinkSync(${JSON.stringify(hostDir)}, "/work/dirlink");
      fs.symlinkSync("/", "/work/root");
      try { fs.writeFileSync("/work/link", "pwned"); } catch (e) { console.log(e.code); }
      console.log("planted");`,
    background: ({ marker }) => `
      const { spawn } = require("node:child_process");
      spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", ${JSON.stringify(marker)}], {
        detached: true, stdio: "ignore",
      }).unref();
      setTimeout(() => console.log("parent exits"), 300);`,
  },
  python: {
    happy: () => `
import os, sys
data = sys.stdin.read()
x = sum(range(2_000_00))
sys.stdout.write(data.upper() + "|" + os.environ.get("GREETING", "") + "|" + str(x > 0).lower())`,
    forkBomb: () => `
import os, subprocess, time
subprocess.Popen(["/bin/sh", "-c", "f() { f | f & }; f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
try:
    for i in range(40):
        if os.fork() == 0:
            time.sleep(5)
            os._exit(0)
    print("probe: none")
except BlockingIOError:
    print("probe: EAGAIN")
raise SystemExit(3)`,
    memoryBomb: () => `
hold = []
while True:
    hold.append(bytearray(10 * 1024 * 1024))`,
    infiniteLoop: () => "while True:\n    pass",
    cpuLoop: () => "while True:\n    pass",
    outputFlood: () => `
import sys
line = "x" * 1000 + "\\n"
while True:
    sys.stdout.write(line)`,
    network: ({ port }) => `
import json, socket
def attempt(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return "connected"
    except OSError as e:
        return type(e).__name__ + ":" + str(e.errno)
def lookup(name):
    try:
        return socket.getaddrinfo(name, 80)[0][4][0]
    except OSError as e:
        return type(e).__name__
print(json.dumps({"local": attempt("127.0.0.1", ${port}), "remote": attempt("1.1.1.1", 53), "lookup": lookup("example.com")}))`,
    hostFiles: ({ repoFile }) => `
import json, os
def read(p):
    try:
        with open(p) as f:
            return f.read()
    except OSError as e:
        return type(e).__name__
print(json.dumps({"shadow": read("/etc/shadow"), "repo": read(${JSON.stringify(repoFile)}),
                  "environ": read("/proc/1/environ"), "env": dict(os.environ)}))`,
    writeOutside: ({ hostTmp }) => `
import json
results = {}
for p in ["/usr/x", ${JSON.stringify(hostTmp)}, "/etc/x", "/x"]:
    try:
        with open(p, "w") as f:
            f.write("pwned")
        results[p] = "written"
    except OSError as e:
        results[p] = type(e).__name__
print(json.dumps(results))`,
    symlink: ({ hostFile, hostDir }) => `
import os
os.symlink(${JSON.stringify(hostFile)}, "/work/link")
os.symlink(${JSON.stringify(hostDir)}, "/work/dirlink")
os.symlink("/", "/work/root")
try:
    with open("/work/link", "w") as f:
        f.write("pwned")
except OSError as e:
    print(type(e).__name__)
print("planted")`,
    background: ({ marker }) => `
import subprocess, time
subprocess.Popen(["/usr/bin/python3", "-c", "import time; time.sleep(30)", ${JSON.stringify(marker)}],
                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.3)
print("parent exits")`,
  },
};

describe.each(["node", "python"] as const)("sandbox (%s)", (runtime) => {
  const program = programs[runtime];
  const source = (name: string, ctx: Record<string, string> = {}) =>
    (program[name] as (c: typeof ctx) => string)(ctx);

  it("runs a program: stdin to stdout, exit 0, plausible usage", async () => {
    const result = await box(runtime, source("happy"), { stdin: "hello", env: { GREETING: "hi" } });
    expect(result.stderr).toBe("");
    expect(result).toMatchObject({ status: "ok", exitCode: 0, signal: null, outputTruncated: false });
    expect(result.stdout).toBe("HELLO|hi|true");
    expect(result.cpuMs).toBeGreaterThan(0);
    expect(result.wallMs).toBeGreaterThan(0);
    expect(result.wallMs).toBeLessThan(2000);
    expect(result.maxRssKb).toBeGreaterThan(1000);
    expect(result.maxRssKb).toBeLessThan(128 * 1024);
  });

  it("hands the program its arguments and environment exactly (newlines, '=', non-ASCII, empty)", async () => {
    const file = runtime === "node" ? "main.js" : "main.py";
    const echo =
      runtime === "node"
        ? "process.stdout.write(JSON.stringify({ args: process.argv.slice(2), env: process.env.ODD, empty: process.env.EMPTY }))"
        : "import json, os, sys\nsys.stdout.write(json.dumps({'args': sys.argv[1:], 'env': os.environ['ODD'], 'empty': os.environ['EMPTY']}, ensure_ascii=False))";
    const args = ["two\nlines", "a=b", "Ünïcødé ✓", "", "--flag"];
    const odd = "x=y\nz\tü";
    const result = await runInSandbox({
      runtime,
      files: { [file]: echo },
      command: [runtime, file, ...args],
      env: { ODD: odd, EMPTY: "" },
      limits: small,
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ args, env: odd, empty: "" });
  });

  it("contains a fork bomb with the process limit", async () => {
    const result = await box(runtime, source("forkBomb"), { limits: { processes: 24 } });
    expect(["runtime_error", "killed"]).toContain(result.status);
    expect(result.stdout).toContain("probe: EAGAIN");
    expect(hostProcessesWith("f() { f | f & }; f")).toEqual([]);
    expect(spawnSync("/bin/true").status).toBe(0);
  });

  it("reports a memory bomb as memory_limit", async () => {
    const result = await box(runtime, source("memoryBomb"), { limits: { memoryMb: 96, wallMs: 3000 } });
    expect(result.status).toBe("memory_limit");
    expect(result.maxRssKb).toBeLessThan(96 * 1024 + 64 * 1024);
  });

  it("stops an infinite loop at the wall time", async () => {
    const started = Date.now();
    const result = await box(runtime, source("infiniteLoop"), { limits: { wallMs: 1500, cpuMs: 5000 } });
    expect(result.status).toBe("time_limit");
    expect(result.signal).toBe("SIGKILL");
    expect(Date.now() - started).toBeLessThan(1500 + 1000);
  });

  it("stops a CPU hog at the CPU limit", async () => {
    const result = await box(runtime, source("cpuLoop"), { limits: { cpuMs: 1000, wallMs: 4000 } });
    expect(result.status).toBe("time_limit");
    expect(result.signal).toBe("SIGXCPU");
    expect(result.cpuMs).toBeGreaterThanOrEqual(900);
  });

  it("cuts an output flood at the output limit", async () => {
    const result = await box(runtime, source("outputFlood"), { limits: { outputBytes: 4096 } });
    expect(result.status).toBe("output_limit");
    expect(result.outputTruncated).toBe(true);
    expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(4096);
    expect(result.stdout.length).toBeGreaterThan(0);
  });

  it("has no network: not the host's loopback, not the internet, no DNS", async () => {
    const before = connections;
    const result = await box(runtime, source("network", { port: String(listenerPort) }));
    expect(result.status).toBe("ok");
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    expect(seen.local).not.toBe("connected");
    expect(seen.remote).not.toBe("connected");
    expect(seen.lookup).not.toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(connections).toBe(before);
  });

  it("cannot read host files or the host's environment", async () => {
    const result = await box(runtime, source("hostFiles", { repoFile: repoPackageJson }), {
      env: { ALLOWED: "yes" },
    });
    expect(result.status).toBe("ok");
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(String(seen.shadow)).not.toContain("root:");
    expect(String(seen.repo)).not.toContain('"name"');
    expect(seen.env).toEqual({
      ALLOWED: "yes",
      PATH: "/opt/node/bin:/usr/local/bin:/usr/bin:/bin",
      HOME: "/tmp",
      LANG: "C.UTF-8",
    });
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("cannot write outside its work directory", async () => {
    const hostTmp = path.join(tmpdir(), `evident-sandbox-escape-${randomUUID()}`);
    const result = await box(runtime, source("writeOutside", { hostTmp }));
    expect(result.status).toBe("ok");
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    expect(seen["/usr/x"]).not.toBe("written");
    expect(seen["/etc/x"]).not.toBe("written");
    expect(existsSync(hostTmp)).toBe(false);
    expect(existsSync("/usr/x")).toBe(false);
    expect(existsSync("/etc/x")).toBe(false);
    expect(existsSync("/x")).toBe(false);
  });

  it("leaves a host file intact when the program plants symlinks to it", async () => {
    const before = statSync(hostFile);
    const result = await box(runtime, source("symlink", { hostFile, hostDir }));
    expect(result.stdout).toContain("planted");
    expect(readFileSync(hostFile, "utf8")).toBe("intact\n");
    expect(statSync(hostFile).mtimeMs).toBe(before.mtimeMs);
    expect(readdirSync(hostDir)).toEqual(["target.txt"]);
  });

  it("kills background processes when the program exits", async () => {
    const marker = `evident-background-${randomUUID()}`;
    const result = await box(runtime, source("background", { marker }));
    expect(result.status).toBe("ok");
    expect(result.stdout).toContain("parent exits");
    expect(hostProcessesWith(marker)).toEqual([]);
  });
});

describe("sandbox (runtime-specific)", () => {
  it("reports an off-heap (Buffer) memory bomb as memory_limit", async () => {
    const result = await box(
      "node",
      "const hold = []; for (;;) hold.push(Buffer.alloc(16 * 1024 * 1024, 1));",
      { limits: { memoryMb: 96, wallMs: 3000 } },
    );
    expect(result.status).toBe("memory_limit");
  });

  it("passes the program no descriptor beyond stdin, stdout and stderr", async () => {
    // Python's listdir holds one descriptor (3) while it reads the directory.
    const result = await box("python", "import os; print(sorted(map(int, os.listdir('/proc/self/fd'))))");
    expect(result.stdout.trim()).toBe("[0, 1, 2, 3]");
  });
});

describe("CPU priority of a box's program", () => {
  const niceness = {
    runtime: "python" as const,
    files: {},
    command: ["python3", "-c", "import os; print(os.nice(0))"],
  };

  it("runs a Run or a live pad at normal priority and gradings below it, so a Run gets the CPU first", async () => {
    const seen: Record<string, string> = {};
    for (const priority of ["interactive", "run", "submit", "batch"] as const) {
      seen[priority] = (await runInSandbox(niceness, { priority })).stdout.trim();
    }
    expect(seen).toEqual({ interactive: "0", run: "0", submit: "10", batch: "15" });
  });

  it("takes the priority of the surrounding withSandboxPriority (the grading job's)", async () => {
    const result = await withSandboxPriority("batch", () => runInSandbox(niceness));
    expect(result.stdout.trim()).toBe("15");
  });

  it("gives a Run's box the CPU ahead of a grading's box running beside it on the same core", async () => {
    // Both programs pin themselves to the same core, wait for a common start, then count loop
    // turns for one second. Nice 0 against nice 10 is about 9 : 1 where both boxes are in one
    // session; in sessions of their own the kernel's autogroups would share the core 1 : 1.
    const spin = [
      "import os, sys, time",
      "os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})",
      "start = float(sys.argv[1])",
      "while time.time() < start: time.sleep(0.002)",
      "turns = 0",
      "while time.time() < start + 1: turns += 1",
      "print(turns)",
    ].join("\n");
    const startAt = String(Date.now() / 1000 + 0.5);
    const spinner = { runtime: "python" as const, files: {}, command: ["python3", "-c", spin, startAt] };
    const limits = { ...small, wallMs: 5000, cpuMs: 3000 };
    // The grading's box first: a grading in progress keeps its box when a Run arrives (a new
    // grading box would wait for the Run, gradingHold).
    const [submit, run] = await Promise.all([
      runInSandbox({ ...spinner, limits }, { priority: "submit" }),
      runInSandbox({ ...spinner, limits }, { priority: "run" }),
    ]);
    expect([run.status, submit.status]).toEqual(["ok", "ok"]);
    expect(Number(submit.stdout)).toBeGreaterThan(0);
    expect(Number(run.stdout)).toBeGreaterThan(3 * Number(submit.stdout));
  });

  it("starts a grading's next box only once the Runs' boxes are done, or when it has waited gradingHold.maxMs", async () => {
    const clock = (seconds: number) => ({
      runtime: "python" as const,
      files: {},
      command: [
        "python3",
        "-c",
        `import time\nstart = time.time()\ntime.sleep(${seconds})\nprint(start, time.time())`,
      ],
      limits: { ...small, wallMs: 8000 },
    });
    /** A Run's box that sleeps `seconds`, and a grading's box asked for once it has started. */
    const gradingBesideRun = async (seconds: number, priority: "submit" | "batch") => {
      const run = runInSandbox(clock(seconds), { priority: "run" });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const [ran, graded] = await Promise.all([run, runInSandbox(clock(0), { priority })]);
      const [, runEnded] = ran.stdout.trim().split(" ").map(Number) as [number, number];
      const [gradingStarted] = graded.stdout.trim().split(" ").map(Number) as [number, number];
      return { runEnded, gradingStarted };
    };

    const saved = { ...gradingHold };
    try {
      // However slowly a busy machine starts the Run's box, the grading waits for it to end.
      gradingHold.maxMs = 30_000;
      const held = await gradingBesideRun(0.8, "submit");
      expect(held.gradingStarted).toBeGreaterThanOrEqual(held.runEnded);

      gradingHold.maxMs = 300;
      const waitedEnough = await gradingBesideRun(3, "batch");
      expect(waitedEnough.gradingStarted).toBeLessThan(waitedEnough.runEnded - 1);
    } finally {
      Object.assign(gradingHold, saved);
    }
  }, 30_000);

  it("cannot be raised back by the program: an unprivileged process may only lower its priority", async () => {
    const result = await runInSandbox(
      {
        ...niceness,
        command: [
          "python3",
          "-c",
          "import os\ntry:\n    os.nice(-5)\nexcept OSError:\n    print('refused', os.nice(0))",
        ],
      },
      { priority: "submit" },
    );
    expect(result.stdout.trim()).toBe("refused 10");
  });
});

describe("sandbox input validation", () => {
  it.each(["../escape.js", "/etc/passwd", "a/../../b", "nul\0byte", "", "a//b"])(
    "rejects the path %j",
    async (name) => {
      await expect(
        runInSandbox({ runtime: "node", files: { [name]: "" }, command: ["node", "x"] }),
      ).rejects.toMatchObject({
        code: "bad_request",
      });
    },
  );

  it("rejects an invalid environment name", async () => {
    await expect(
      runInSandbox({ runtime: "python", files: {}, command: ["python", "-c", "1"], env: { "A=B": "x" } }),
    ).rejects.toMatchObject({ code: "bad_request" });
  });

  it("clamps limits to the maxima", async () => {
    const result = await runInSandbox({
      runtime: "python",
      files: {},
      command: ["python", "-c", "import resource; print(resource.getrlimit(resource.RLIMIT_NPROC)[0])"],
      limits: { processes: 10_000 },
    });
    expect(result.stdout.trim()).toBe("128");
  });
});

describe("the pool of boxes started ahead", () => {
  const peek = `
import os
def listing(top):
    found = []
    for root, dirs, files in os.walk(top):
        found += [os.path.join(root, name) for name in files]
    return sorted(found)
procs = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
print(repr({"work": listing("/work"), "tmp": listing("/tmp"), "procs": len(procs)}))
`;

  it("gives a second submission a fresh box: none of the first's files or processes", async () => {
    // The first submission leaves files in /work and /tmp and a process that tries to outlive it.
    const first = await runInSandbox({
      runtime: "python",
      files: { "first.py": "" },
      command: [
        "python",
        "-c",
        [
          "import os, subprocess",
          "open('/work/left-behind.txt', 'w').write('first')",
          "open('/tmp/left-behind.txt', 'w').write('first')",
          "subprocess.Popen(['sleep', '30'], start_new_session=True)",
          "print('planted')",
        ].join("\n"),
      ],
      limits: small,
    });
    expect(first.stdout.trim()).toBe("planted");
    for (let n = 0; n < 3; n += 1) {
      const second = await runInSandbox({
        runtime: "python",
        files: { "second.py": peek },
        command: ["python", "second.py"],
        limits: small,
      });
      expect(second.status).toBe("ok");
      const seen = second.stdout.trim();
      expect(seen).toContain("'work': ['/work/second.py']");
      expect(seen).toContain("'tmp': []");
      // bwrap's init, the supervisor and this program: no process of another box.
      expect(Number(/'procs': (\d+)/.exec(seen)?.[1])).toBeLessThanOrEqual(3);
    }
  });

  it("destroys a used box: its work directory and processes are gone after the run", async () => {
    const marker = `marker-${randomUUID()}`;
    const result = await runInSandbox({
      runtime: "node",
      files: { "main.js": `console.log(process.cwd())`, [`${marker}.txt`]: marker },
      command: ["node", "main.js", marker],
      limits: small,
    });
    expect(result.stdout.trim()).toBe("/work");
    // The host removes the used box's directory as soon as bwrap is gone.
    const withMarker = () =>
      readdirSync(tmpdir())
        .filter((name) => name.startsWith("evident-sandbox-"))
        .filter((name) => existsSync(path.join(tmpdir(), name, "work", `${marker}.txt`)));
    let leftovers = withMarker();
    for (let waited = 0; waited < 50 && leftovers.length > 0; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      leftovers = withMarker();
    }
    expect(leftovers).toEqual([]);
    expect(hostProcessesWith(marker)).toEqual([]);
  });
});

describe("the box launcher", () => {
  /** The parent process id of a process, from /proc. */
  const parentOf = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  };

  it("starts boxes from its own small process, not by forking this one", async () => {
    const result = await runInSandbox({
      runtime: "python",
      files: {},
      command: ["python", "-c", "import os; print(os.getppid())"],
      limits: small,
    });
    expect(result.status).toBe("ok");
    const launcher = launcherProcessId();
    expect(launcher).toBeTypeOf("number");
    expect(launcher).not.toBe(process.pid);
    expect(parentOf(launcher as number)).toBe(process.pid);
    // The pool's boxes are the launcher's children; none is this process's.
    const bwrapParents = readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((entry) => {
        try {
          return readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "bwrap"
            ? [parentOf(Number(entry))]
            : [];
        } catch {
          return [];
        }
      });
    expect(bwrapParents).toContain(launcher);
    expect(bwrapParents).not.toContain(process.pid);
  });

  it("keeps every box in the launcher's session, which has no terminal", async () => {
    const marker = `session-${randomUUID()}`;
    const running = runInSandbox({
      runtime: "python",
      files: {},
      command: ["python3", "-c", "import time; time.sleep(1.5)", marker],
      limits: small,
    });
    let boxed: number[] = [];
    for (let waited = 0; waited < 40 && boxed.length === 0; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      boxed = hostProcessesWith(marker);
    }
    const launcher = launcherProcessId() as number;
    /** Session id and controlling terminal (0: none) of a process, from /proc/<pid>/stat. */
    const sessionOf = (pid: number) => {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return { session: Number(fields[3]), terminal: Number(fields[4]) };
    };
    expect(boxed.length).toBeGreaterThan(0);
    // The launcher leads a session without a terminal; the box's program is in it, not in one of
    // its own (where the autogroup scheduler would ignore its nice value).
    expect(sessionOf(launcher)).toEqual({ session: launcher, terminal: 0 });
    for (const pid of boxed) expect(sessionOf(pid)).toEqual({ session: launcher, terminal: 0 });
    expect((await running).status).toBe("ok");
  });

  it("reports a run whose launcher died as killed, and the next run starts a new launcher", async () => {
    await runInSandbox({ runtime: "node", files: {}, command: ["node", "-e", "0"], limits: small });
    const first = launcherProcessId() as number;
    const running = runInSandbox({
      runtime: "node",
      files: {},
      command: ["node", "-e", "setTimeout(() => {}, 10000)"],
      limits: { ...small, wallMs: 15_000, cpuMs: 15_000 },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(first, "SIGKILL");
    const outcome = await running.then(
      (result) => result.status,
      (error: Error) => error.name,
    );
    expect(["killed", "SandboxUnavailable"]).toContain(outcome);
    const next = await runInSandbox({
      runtime: "node",
      files: {},
      command: ["node", "-e", "console.log(1)"],
      limits: small,
    });
    expect(next).toMatchObject({ status: "ok", stdout: "1\n" });
    expect(launcherProcessId()).not.toBe(first);
    expect(hostProcessesWith("setTimeout(() => {}, 10000)")).toEqual([]);
  });
});
