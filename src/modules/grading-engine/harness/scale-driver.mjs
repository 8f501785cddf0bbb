// Evident scale-challenge driver (runs INSIDE the sandbox, trusted; the candidate's server is its
// child). The host bundles this file with esbuild (latency-recorder.mjs, hdr-histogram-js and the
// api driver's helpers included) into one self-contained file. Protocol as in api-driver.mjs:
// stdin = nonce and plan (requests WITHOUT expectations), one result line "\n<nonce> <json>\n".
// For every run the driver may start a slow upstream on another loopback port (env UPSTREAM_URL),
// starts the candidate's server with env PORT (plus the run's env), runs the steps and kills both.
// A load step is open-model: requests are due on a constant-arrival-rate schedule whatever the
// server does, at most `connections` are on the wire at once (the rest queue in the client), and
// each latency is measured from the request's INTENDED send time; this is the coordinated-omission
// correction (see latency-recorder.mjs). Every sampleEvery-th request's response is reported for
// the host to check; all other responses are only counted.
import http from "node:http";
import {
  clip,
  freePort,
  readNonceAndPlan,
  requestStepFailed,
  runRequestStep,
  runServerTest,
  sendRequest,
  sleep,
} from "./api-driver.mjs";
import { createLatencyRecorder } from "./latency-recorder.mjs";

const maxSamples = 500;

// ---- the upstream: a slow record store (GET and PUT /items/{id}), counted for the host ----

function upstreamItem(id) {
  return { id, name: `Item ${id}`, priceCents: 100 + ((id * 37) % 900), version: 1 };
}

function startUpstream(config) {
  const items = new Map();
  const stats = { gets: 0, puts: 0 };
  const send = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const match = /^\/items\/(\d+)$/.exec(req.url ?? "");
      const id = match ? Number(match[1]) : 0;
      const known = Number.isSafeInteger(id) && id >= 1 && id <= config.items;
      if (req.method === "GET" && match) stats.gets += 1;
      if (req.method === "PUT" && match) stats.puts += 1;
      setTimeout(() => {
        if (!match || (req.method !== "GET" && req.method !== "PUT"))
          return send(res, 404, { error: "not found" });
        if (!known) return send(res, 404, { error: "not found" });
        const current = items.get(id) ?? upstreamItem(id);
        if (req.method === "GET") return send(res, 200, current);
        let update;
        try {
          update = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return send(res, 400, { error: "body must be JSON" });
        }
        const isObject = update !== null && typeof update === "object" && !Array.isArray(update);
        const nameOk = isObject && (update.name === undefined || typeof update.name === "string");
        const priceOk =
          isObject &&
          (update.priceCents === undefined ||
            (Number.isInteger(update.priceCents) && update.priceCents >= 0));
        if (!nameOk || !priceOk) return send(res, 400, { error: "invalid item" });
        const next = {
          ...current,
          name: update.name ?? current.name,
          priceCents: update.priceCents ?? current.priceCents,
          version: current.version + 1,
        };
        items.set(id, next);
        send(res, 200, next);
      }, config.latencyMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  return { server, stats };
}

async function listenUpstream(config) {
  const upstream = startUpstream(config);
  const port = await freePort();
  await new Promise((resolve, reject) => {
    upstream.server.once("error", reject);
    upstream.server.listen(port, "127.0.0.1", resolve);
  });
  return { ...upstream, url: `http://127.0.0.1:${port}` };
}

// ---- load ----

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a run's request mix is reproducible. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// "{name}" in a path, header or body string is replaced by that variable; a body string that is
// exactly "{name}" becomes the number itself. The host applies the same rule to expectations.
function fill(value, vars, encode) {
  if (typeof value === "string") {
    const whole = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (whole && !encode && whole[1] in vars) return vars[whole[1]];
    return value.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (text, name) =>
      name in vars ? (encode ? encodeURIComponent(String(vars[name])) : String(vars[name])) : text,
    );
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, vars, false));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, vars, false)]));
  }
  return value;
}

function loadRequest(agent, port, spec, deadlineMs) {
  return new Promise((resolve) => {
    let settled = false;
    let timer;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, at: performance.now() });
    };
    const req = sendRequest(port, spec, agent, 64 * 1024, ({ error, status, text }) =>
      finish(error ? { error } : { status, text }),
    );
    timer = setTimeout(
      () => {
        finish({ error: "timeout" });
        req.destroy();
      },
      Math.max(1, deadlineMs - performance.now()),
    );
  });
}

function observeSample(index, vars, outcome) {
  if (outcome.error) return { request: index, vars, error: outcome.error };
  const sample = { request: index, vars, status: outcome.status };
  try {
    sample.body = JSON.parse(outcome.text);
  } catch {
    sample.bodyText = clip(outcome.text, 300);
  }
  return sample;
}

async function runLoad(port, profile) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: profile.connections });
  const random = seededRandom(profile.seed);
  const totalWeight = profile.requests.reduce((sum, spec) => sum + spec.weight, 0);
  const pick = () => {
    let left = random() * totalWeight;
    for (const [index, spec] of profile.requests.entries()) {
      left -= spec.weight;
      if (left < 0) return index;
    }
    return profile.requests.length - 1;
  };
  const intervalMs = 1000 / profile.rate;
  const warmupCount = Math.round((profile.warmupMs * profile.rate) / 1000);
  const total = warmupCount + Math.round((profile.durationMs * profile.rate) / 1000);
  const recorder = createLatencyRecorder();
  // How late the generator itself sent requests (a starved box); reported so a reader can tell.
  const sendLag = createLatencyRecorder();
  const counts = { measured: 0, errors: 0 };
  const errorKinds = {};
  const samples = [];
  const pending = [];
  let firstError;

  const fire = (sequence, intendedAt) => {
    const index = pick();
    const spec = profile.requests[index];
    const vars = {};
    for (const [name, [low, high]] of Object.entries(spec.vars ?? {}))
      vars[name] = low + Math.floor(random() * (high - low + 1));
    const filled = {
      method: spec.method,
      path: fill(spec.path, vars, true),
      headers: fill(spec.headers, vars, false),
      body: fill(spec.body, vars, false),
    };
    const measured = sequence >= warmupCount;
    if (measured) sendLag.record(intendedAt, performance.now());
    const sampled =
      measured && (sequence - warmupCount) % profile.sampleEvery === 0 && samples.length < maxSamples;
    const done = loadRequest(agent, port, filled, intendedAt + profile.timeoutMs).then((outcome) => {
      if (!measured) return;
      counts.measured += 1;
      recorder.record(intendedAt, outcome.at);
      const kind = outcome.error ?? (outcome.status >= 500 ? `status ${outcome.status}` : undefined);
      if (kind) {
        counts.errors += 1;
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        firstError ??= `${filled.method} ${filled.path}: ${outcome.error ?? `status ${outcome.status} ${clip(outcome.text, 120)}`}`;
      }
      if (sampled) samples.push(observeSample(index, vars, outcome));
    });
    pending.push(done);
  };

  const startedAt = performance.now() + 10;
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && startedAt + next * intervalMs <= now) {
        fire(next, startedAt + next * intervalMs);
        next += 1;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.min(4, startedAt + next * intervalMs - performance.now())));
    };
    setTimeout(tick, 10);
  });
  await Promise.all(pending);
  agent.destroy();
  return {
    load: {
      requests: counts.measured,
      errors: counts.errors,
      errorKinds,
      firstError,
      latency: recorder.summary(),
      sendLagP99Ms: sendLag.summary().p99Ms,
      samples,
      elapsedMs: Math.round(performance.now() - startedAt),
    },
  };
}

// ---- runs ----

async function runTest(plan, test) {
  const upstream = test.server.upstream ? await listenUpstream(test.server.upstream) : undefined;
  return runServerTest(plan, test, {
    env: { ...test.server.env, ...(upstream ? { UPSTREAM_URL: upstream.url } : {}) },
    runStep: async (step, port, earlierSteps) => {
      if (step.server) return { started: true };
      if (step.sleep !== undefined) {
        await sleep(step.sleep);
        return { slept: step.sleep };
      }
      if (step.upstream)
        return { status: 200, headers: {}, body: { ...(upstream?.stats ?? { gets: 0, puts: 0 }) } };
      if (step.load) {
        const observation = await runLoad(port, step.load);
        if (upstream) observation.load.upstream = { ...upstream.stats };
        return observation;
      }
      return runRequestStep(plan, port, step, earlierSteps);
    },
    stepFailed: (step) => (step.load ? step.load.errors > 0 : requestStepFailed(step)),
    cleanup: () => {
      if (!upstream) return;
      upstream.server.closeAllConnections();
      upstream.server.close();
    },
  });
}

const { plan, emit } = readNonceAndPlan();
const runs = [];
let notListening;
for (const test of plan.tests) {
  if (notListening) {
    runs.push({ ...notListening, steps: [], durationMs: 0 });
    continue;
  }
  const result = await runTest(plan, test);
  if (result.start?.timedOut) notListening = { port: result.port, start: result.start };
  runs.push(result);
}
emit({ tests: runs });
process.exit(0);
