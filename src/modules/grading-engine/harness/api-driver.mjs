// Evident api-challenge driver (runs INSIDE the sandbox, trusted; the candidate's server runs in a
// second box nested in this one, see startServer).
// Protocol: stdin = line 1 the host's per-run nonce, line 2 the JSON plan (requests WITHOUT
// expectations: the host compares). For every test the driver picks a free loopback port,
// starts the candidate's server with env PORT, waits until a TCP connect succeeds, runs the
// steps (sequential requests and concurrent batches), records status, the requested headers
// and the parsed JSON body of each response, and kills the server. The candidate never gets
// the driver's stdin or stdout; the single result line is written to fd 1 as "\n<nonce> <json>\n".
// The helpers are exported for the scale driver, which bundles this file; the driver itself
// runs only when this file is the program (import.meta.main; the bundle defines it false).
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { constants as osConstants } from "node:os";
import path from "node:path";

/** Reads the nonce and the plan from stdin, then keeps fd 0 occupied (see below). */
export function readNonceAndPlan() {
  const input = readFileSync(0, "utf8");
  // fd 0 must stay occupied: a socket that landed on fd 0 would be leaked into the server child
  // (its stdin is "ignore"), which then cannot bind its port.
  try {
    closeSync(0);
    openSync("/dev/null", "r");
  } catch {}
  const newline = input.indexOf("\n");
  const nonce = input.slice(0, newline);
  const plan = JSON.parse(input.slice(newline + 1));
  const emit = (result) => writeSync(1, `\n${nonce} ${JSON.stringify(result)}\n`);
  return { plan, emit };
}

export const clip = (text, max) => (text.length > max ? `${text.slice(0, max)}…` : text);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A port below the kernel's ephemeral range (32768+), so a readiness probe can never be a TCP
// self-connection (source port == destination port) that would also block the server's bind.
export function freePort(attempt = 0) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error) =>
      attempt < 20 ? freePort(attempt + 1).then(resolve, reject) : reject(error),
    );
    server.listen(20000 + Math.floor(Math.random() * 10000), "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(200, () => done(false));
  });
}

// Where the sandbox mounts bubblewrap in every node box (src/modules/sandbox/sandbox.ts).
const boxBwrapPath = "/opt/evident/bwrap";
// The server's uid in its own box: not the driver's (65534), so nothing in /proc would match even
// if a pid leaked.
const serverUid = "1000";
const signalNames = new Map(Object.entries(osConstants.signals).map(([name, number]) => [number, name]));

/**
 * bubblewrap's argv for the candidate's server: a second box inside this one that shares only the
 * network namespace (the driver must reach the server on loopback). Its own user, PID, IPC and
 * mount namespaces mean the server cannot see, signal or ptrace the driver, nor read its files or
 * /proc entries (where the nonce would be); it sees the system directories read-only, the runtime
 * and its own submission directory. --die-with-parent and the PID namespace take every process of
 * the server down when the driver kills it.
 */
export function serverBoxArgs(cwd, command, systemDirArgs) {
  const args = [
    "--unshare-user",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--die-with-parent",
    // No --new-session: in the outer box's session the server keeps that box's nice value (a
    // session of its own would escape it); the session has no controlling terminal to guard.
    "--hostname",
    "server",
    "--uid",
    serverUid,
    "--gid",
    serverUid,
    "--cap-drop",
    "ALL",
    // The same system directories the outer box has, as the host lists them (plan.systemDirArgs).
    ...systemDirArgs,
  ];
  const runtimeDir = path.dirname(path.dirname(process.execPath)); // /opt/node (bin/node inside)
  args.push("--ro-bind", runtimeDir, runtimeDir);
  args.push("--proc", "/proc", "--dev", "/dev", "--size", String(16 * 1024 * 1024), "--tmpfs", "/tmp");
  args.push("--bind", cwd, cwd, "--chdir", cwd, "--", ...command);
  return args;
}

/** Starts the candidate's server in its own box; extraEnv (the scale kind's) cannot override PORT or PATH. */
export function startServer(plan, port, extraEnv = {}) {
  const env = {
    ...extraEnv,
    PATH: process.env.PATH ?? "",
    HOME: "/tmp",
    LANG: "C.UTF-8",
    PORT: String(port),
  };
  const command =
    plan.runtime === "python"
      ? ["python3", "-B", "-E", "-s", plan.entry]
      : [process.execPath, `--max-old-space-size=${plan.heapMb}`, "--enable-source-maps", plan.entry];
  const cwd = path.resolve(plan.cwd);
  const child = spawn(boxBwrapPath, serverBoxArgs(cwd, command, plan.systemDirArgs), {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const state = { child, output: "", exit: undefined };
  const keep = (chunk) => {
    state.output = (state.output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.on("error", (error) => {
    state.exit ??= `could not be started: ${error.message}`;
  });
  child.on("exit", (code, signal) => {
    // bubblewrap answers 128 + n when the server died of signal n (as a shell does).
    const serverSignal = code !== null && code > 128 ? signalNames.get(code - 128) : undefined;
    state.exit ??=
      signal || serverSignal ? `was killed by ${signal ?? serverSignal}` : `exited with code ${code}`;
  });
  return state;
}

export async function waitUntilListening(plan, state, port) {
  const deadline = performance.now() + plan.startTimeoutMs;
  while (performance.now() < deadline) {
    if (state.exit) return { exited: state.exit, output: clip(state.output.slice(-1500), 1500) };
    if (await canConnect(port)) return { ok: true };
    await sleep(20);
  }
  return { timedOut: plan.startTimeoutMs, output: clip(state.output.slice(-1500), 1500) };
}

export function stopServer(state) {
  return new Promise((resolve) => {
    if (state.exit) return resolve();
    const timer = setTimeout(resolve, 500);
    state.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      state.child.kill("SIGKILL");
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/**
 * Sends one request of a plan to the candidate's server on loopback (the spec's body as JSON, or
 * its raw text, with its length) and collects at most maxBodyBytes of the answer. `settle` is
 * called with { error } or { status, headers, text }; it may be called again after a timeout, so
 * callers settle once. Shared with the scale driver, whose load requests go through it too.
 */
export function sendRequest(port, spec, agent, maxBodyBytes, settle) {
  let payload;
  if (spec.raw !== undefined) payload = Buffer.from(spec.raw, "utf8");
  else if (spec.body !== undefined) payload = Buffer.from(JSON.stringify(spec.body), "utf8");
  const headers = { ...(spec.headers ?? {}) };
  if (payload !== undefined) {
    headers["content-type"] ??= "application/json";
    headers["content-length"] = String(payload.length);
  }
  const req = http.request({ host: "127.0.0.1", port, method: spec.method, path: spec.path, headers, agent });
  req.on("error", (error) => settle({ error: error.code ?? error.message }));
  req.on("response", (res) => {
    const chunks = [];
    let size = 0;
    res.on("data", (chunk) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    res.on("error", (error) => settle({ error: error.code ?? error.message }));
    res.on("end", () =>
      settle({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
    );
  });
  req.end(payload);
  return req;
}

export function request(plan, port, spec) {
  return new Promise((resolve) => {
    const started = performance.now();
    let settled = false;
    const finish = (observation) => {
      if (settled) return;
      settled = true;
      observation.ms = Math.round(performance.now() - started);
      resolve(observation);
    };
    const req = sendRequest(port, spec, false, 256 * 1024, (outcome) => {
      if (outcome.error) return finish({ error: outcome.error });
      const captured = {};
      for (const name of plan.headers) {
        const value = outcome.headers[name];
        if (value !== undefined) captured[name] = Array.isArray(value) ? value.join(", ") : String(value);
      }
      const observation = { status: outcome.status, headers: captured };
      try {
        observation.body = JSON.parse(outcome.text);
      } catch {
        observation.bodyText = clip(outcome.text, 300);
      }
      finish(observation);
    });
    req.setTimeout(plan.requestTimeoutMs, () => {
      finish({ error: `no response within ${plan.requestTimeoutMs} ms` });
      req.destroy();
    });
  });
}

// "{N.body.id}" in a path is replaced by that value of step N's response (its first one for a
// concurrent step), URL-encoded; a missing value becomes "missing".
/** Sends one request step (a request, or a concurrent batch) and returns what was observed. */
export async function runRequestStep(plan, port, step, observations) {
  if (step.concurrent) {
    const responses = await Promise.all(
      step.concurrent.map((spec) =>
        request(plan, port, { ...spec, path: fillPath(spec.path, observations) }),
      ),
    );
    return { responses };
  }
  return request(plan, port, { ...step.request, path: fillPath(step.request.path, observations) });
}

export function fillPath(template, observations) {
  return template.replace(/\{(\d+)((?:\.[A-Za-z0-9_$-]+)+)\}/g, (_, step, dotted) => {
    let current = observations[Number(step) - 1];
    if (current?.responses) current = current.responses[0];
    for (const part of dotted.slice(1).split(".")) current = current == null ? undefined : current[part];
    return current === undefined || current === null ? "missing" : encodeURIComponent(String(current));
  });
}

/**
 * One test against the candidate's server: start it on a free port (with `env`), wait until it
 * listens, run the steps in order with `runStep(step, port, earlierSteps)` until the test's time
 * is up, give a crash a moment to be observed when a step failed (`stepFailed`), then stop the
 * server and run `cleanup`. Shared by the api and scale drivers, whose steps differ.
 */
export async function runServerTest(plan, test, { env = {}, runStep, stepFailed, cleanup = () => {} }) {
  const started = performance.now();
  const port = await freePort();
  const server = startServer(plan, port, env);
  const result = { port, steps: [] };
  try {
    const ready = await waitUntilListening(plan, server, port);
    if (!ready.ok) {
      result.start = ready;
      return result;
    }
    for (const step of test.steps) {
      if (performance.now() - started > test.timeoutMs) {
        result.timedOut = true;
        break;
      }
      result.steps.push(await runStep(step, port, result.steps));
    }
    // A failed request may mean the server crashed: give its exit a moment to be observed.
    const failedRequest = result.steps.some(stepFailed);
    for (let waited = 0; failedRequest && !server.exit && waited < 300; waited += 20) await sleep(20);
    if (server.exit)
      result.serverExit = { exit: server.exit, output: clip(server.output.slice(-1500), 1500) };
  } finally {
    await stopServer(server);
    cleanup();
    result.durationMs = performance.now() - started;
    // What the candidate's server printed, for their console (the host caps and cleans it).
    if (server.output.trim() !== "") result.output = clip(server.output.slice(-2000), 2000);
  }
  return result;
}

export const requestStepFailed = (step) => (step.responses ?? [step]).some((response) => response.error);

function runTest(plan, test) {
  return runServerTest(plan, test, {
    runStep: (step, port, earlierSteps) => runRequestStep(plan, port, step, earlierSteps),
    stepFailed: requestStepFailed,
  });
}

// After a server failed to start listening in time, the file's remaining tests report the same
// failure without waiting again (the box's wall time is shared by the whole file).
async function main() {
  const { plan, emit } = readNonceAndPlan();
  const tests = [];
  let notListening;
  for (const test of plan.tests) {
    if (notListening) {
      tests.push({ ...notListening, steps: [], durationMs: 0 });
      continue;
    }
    const result = await runTest(plan, test);
    if (result.start?.timedOut) notListening = { port: result.port, start: result.start };
    tests.push(result);
  }
  emit({ tests });
  process.exit(0);
}

if (import.meta.main) await main();
