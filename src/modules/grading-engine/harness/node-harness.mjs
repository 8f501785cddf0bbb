// Evident function-challenge harness for JavaScript/TypeScript (runs INSIDE the sandbox).
// Protocol: stdin = line 1 the host's per-run nonce, line 2 the JSON plan (steps without
// expectations: the host compares). stdin is read fully and closed BEFORE the candidate's
// module is imported. The single result line is written to fd 1 as "\n<nonce> <json>\n"
// with functions captured before the import, so candidate code cannot patch them.
// process.getBuiltinModule, not `import ... from "node:fs"`: an ES-module import of a built-in
// builds its facade from every export, and fs's lazy ReadStream getter then loads the whole
// streams stack: 4 to 5 ms of CPU in every box, a tenth of a Run (bench/README.md).
const { closeSync, readFileSync, writeSync } =
  process.getBuiltinModule?.("node:fs") ?? (await import("node:fs"));

const input = readFileSync(0, "utf8");
try {
  closeSync(0);
} catch {}
const newline = input.indexOf("\n");
const nonce = input.slice(0, newline);
const plan = JSON.parse(input.slice(newline + 1));

// Tests are timed in this thread's CPU time, not wall time: a correct solution must not fail its
// time limit because the grader is busy with other boxes (issue 11 item 7). Captured before the
// candidate's code loads, like every other global the harness uses.
const threadCpuUsage =
  typeof process.threadCpuUsage === "function" ? process.threadCpuUsage.bind(process) : undefined;
const now = threadCpuUsage
  ? () => {
      const usage = threadCpuUsage();
      return (usage.user + usage.system) / 1000;
    }
  : performance.now.bind(performance);
const stringify = JSON.stringify;
const isArray = Array.isArray;
const getPrototypeOf = Object.getPrototypeOf;
const objectKeys = Object.keys;
const numberIsFinite = Number.isFinite;
const imul = Math.imul;
const floor = Math.floor;
const StringCtor = String;
const write = writeSync;
const exit = process.exit.bind(process);

function emit(result) {
  write(1, `\n${nonce} ${stringify(result)}\n`);
}

function clip(text, max) {
  text = StringCtor(text);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function encode(value, depth) {
  if (value === undefined || value === null) return null;
  const type = typeof value;
  if (type === "boolean" || type === "string") return type === "string" ? clip(value, 2000) : value;
  if (type === "number") return numberIsFinite(value) ? value : { $number: StringCtor(value) };
  if (type === "bigint") return { $unserializable: "bigint" };
  if (type === "function" || type === "symbol") return { $unserializable: type };
  if (depth > 20) return { $unserializable: "too deep" };
  if (isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length && i < 1000; i++) out.push(encode(value[i], depth + 1));
    return out;
  }
  const proto = getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return { $unserializable: clip(value?.constructor?.name ?? "object", 100) };
  }
  const out = {};
  let count = 0;
  for (const key of objectKeys(value)) {
    if (count++ >= 1000) break;
    out[key] = encode(value[key], depth + 1);
  }
  return out;
}

function errorNames(error) {
  const names = [];
  try {
    let proto = error !== null && typeof error === "object" ? getPrototypeOf(error) : null;
    while (proto && names.length < 10) {
      const name = proto.constructor?.name;
      if (typeof name === "string") names.push(name);
      proto = getPrototypeOf(proto);
    }
    if (names.length === 0) names.push(typeof error);
  } catch {
    names.push("unknown");
  }
  let message = "";
  let at;
  try {
    message = clip(error instanceof Error ? error.message : StringCtor(error), 500);
    const frame = candidateFrames(error)[0];
    if (frame) at = clip(frame.trim().replace(/^at /, ""), 300);
  } catch {}
  return { throws: at ? { names, message, at } : { names, message } };
}

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

class Timeout {}

// Runs a workload's operations, three draws of its seeded generator each (a, b, c in this order:
// the digests depend on it, and python_harness.py draws the same way), checking the deadline
// every 1024 operations.
function eachOperation(w, deadline, operate) {
  const next = rng(w.seed);
  for (let i = 0; i < w.operations; i++) {
    if ((i & 1023) === 0 && now() > deadline) throw new Timeout();
    operate(i, next(), next(), next());
  }
}

function lruMixed(instance, w, names, clock, deadline) {
  let hits = 0,
    sum = 0,
    deletes = 0,
    invalid = 0;
  eachOperation(w, deadline, (i, a, b, c) => {
    const p = a % 100;
    const key = `k${b % w.keySpace}`;
    if (p < 50) {
      if (w.ttlEvery > 0 && c % w.ttlEvery === 0) instance[names.set](key, i, 1 + ((c >>> 8) % w.maxTtlMs));
      else instance[names.set](key, i);
    } else if (p < 90) {
      const v = instance[names.get](key);
      if (v !== undefined && v !== null) {
        if (typeof v === "number" && v === floor(v)) {
          hits++;
          sum = (sum + v) % 1000000007;
        } else invalid++;
      }
    } else if (p < 97) {
      if (instance[names.delete](key) === true) deletes++;
    } else clock.t += 1 + (c % w.maxAdvanceMs);
  });
  const size = instance[names.size];
  return { hits, sum, deletes, invalid, size: typeof size === "number" ? size : null };
}

function limiterMixed(instance, w, names, clock, deadline) {
  let granted = 0,
    grantedTokens = 0,
    availableSum = 0,
    invalid = 0;
  eachOperation(w, deadline, (_i, a, b, c) => {
    const p = a % 100;
    const key = `u${b % w.keySpace}`;
    if (p < 70) {
      const n = 1 + (c % w.maxTokens);
      if (instance[names.tryAcquire](key, n) === true) {
        granted++;
        grantedTokens += n;
      }
    } else if (p < 85) {
      const v = instance[names.available](key);
      if (typeof v === "number" && numberIsFinite(v)) availableSum += floor(v * 1000 + 0.5);
      else invalid++;
    } else clock.t += w.advanceStepMs * (1 + (c % w.maxAdvanceSteps));
  });
  return { granted, grantedTokens, availableSum, invalid };
}

const MODULUS = 1000000007;

// Joins and removes nodes now and then; otherwise looks keys up. The digest folds the ids of the
// returned nodes in order, so any difference in a single lookup changes it.
function ringMixed(instance, w, names, _clock, deadline) {
  const present = [];
  const ids = new Map();
  let nextId = 0,
    lookups = 0,
    changes = 0,
    digest = 0,
    invalid = 0;
  const join = () => {
    const name = `node-${nextId}`;
    instance[names.addNode](name);
    ids.set(name, nextId++);
    present.push(name);
  };
  const fold = (node) => {
    const id = typeof node === "string" ? ids.get(node) : undefined;
    if (id === undefined) invalid++;
    else digest = (digest * 31 + id + 1) % MODULUS;
  };
  for (let i = 0; i < w.initialNodes; i++) join();
  eachOperation(w, deadline, (_i, a, b, c) => {
    const p = a % 10000;
    const key = `key-${b % w.keySpace}`;
    if (p < w.membershipPer10k) {
      changes++;
      if ((c & 1) === 0 || present.length <= 1) join();
      else {
        const index = (c >>> 1) % present.length;
        const name = present[index];
        present[index] = present[present.length - 1];
        present.pop();
        instance[names.removeNode](name);
      }
    } else if (p < 9000) {
      lookups++;
      fold(instance[names.nodeFor](key));
    } else {
      lookups++;
      const list = instance[names.nodesFor](key, 1 + (c % w.maxReplicas));
      if (!isArray(list)) invalid++;
      else {
        digest = (digest * 31 + list.length) % MODULUS;
        for (let j = 0; j < list.length; j++) fold(list[j]);
      }
    }
  });
  return { lookups, changes, digest, invalid, nodes: present.length };
}

// Mostly adds (a quarter of them to a few hot keys), then top(k) and count(key) queries.
function topkMixed(instance, w, names, _clock, deadline) {
  const keys = [];
  const ids = new Map();
  for (let i = 0; i < w.keySpace; i++) {
    keys.push(`k${i}`);
    ids.set(`k${i}`, i);
  }
  const isWhole = (v) => typeof v === "number" && numberIsFinite(v) && v === floor(v);
  let adds = 0,
    addSum = 0,
    tops = 0,
    digest = 0,
    countSum = 0,
    invalid = 0;
  eachOperation(w, deadline, (_i, a, b, c) => {
    const p = a % 100;
    const key = keys[((a >>> 8) & 3) === 0 ? b % w.hotKeys : b % w.keySpace];
    if (p < 85) {
      adds++;
      const total = instance[names.add](key, 1 + (c % w.maxCount));
      if (isWhole(total)) addSum = (addSum + total) % MODULUS;
      else invalid++;
    } else if (p < 95) {
      tops++;
      const list = instance[names.top](1 + (c % w.maxK));
      if (!isArray(list)) {
        invalid++;
        return;
      }
      digest = (digest * 31 + list.length) % MODULUS;
      for (let j = 0; j < list.length; j++) {
        const entry = list[j];
        const id = isArray(entry) && entry.length === 2 ? ids.get(entry[0]) : undefined;
        if (id === undefined || !isWhole(entry[1])) invalid++;
        else digest = (((digest * 31 + id + 1) % MODULUS) * 31 + (entry[1] % MODULUS)) % MODULUS;
      }
    } else {
      const total = instance[names.count](key);
      if (isWhole(total)) countSum = (countSum + total) % MODULUS;
      else invalid++;
    }
  });
  return { adds, addSum, tops, digest, countSum, invalid };
}

const workloads = {
  "lru-mixed": lruMixed,
  "limiter-mixed": limiterMixed,
  "ring-mixed": ringMixed,
  "topk-mixed": topkMixed,
};

// The class the challenge asks for, wherever the candidate's module system put it: a named ES
// export, `module.exports = { Name }` or `exports.Name = …` (both seen through `default`), or a
// default export / `module.exports = Name` of a class under another name.
function findExport(mod, name) {
  if (typeof mod[name] === "function") return mod[name];
  const fallback = mod.default;
  if (fallback !== null && (typeof fallback === "object" || typeof fallback === "function")) {
    if (typeof fallback[name] === "function") return fallback[name];
  }
  if (typeof fallback === "function") return fallback;
  return undefined;
}

function exportedNames(mod) {
  const names = objectKeys(mod).filter((key) => key !== "default" && key !== "module.exports");
  const fallback = mod.default;
  if (fallback !== null && typeof fallback === "object") names.push(...objectKeys(fallback));
  return [...new Set(names)].slice(0, 10);
}

// The candidate's stack frames only: the harness and Node's internals are noise to them.
function candidateFrames(error) {
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  return stack
    .split("\n")
    .filter(
      (line) => /^\s+at /.test(line) && !line.includes("node:internal") && !line.includes("harness.mjs"),
    )
    .slice(0, 5);
}

async function main() {
  let Exported;
  try {
    const mod = await import(`./${plan.entry}`);
    Exported = findExport(mod, plan.export);
    if (typeof Exported !== "function") {
      const found = exportedNames(mod);
      emit({
        load: {
          error:
            `The solution exports nothing usable: the challenge expects a class named ${plan.export}. ` +
            `Export it with \`export class ${plan.export} { … }\` or \`module.exports = { ${plan.export} }\`` +
            (found.length > 0 ? ` (it exports ${found.join(", ")}).` : " (it exports nothing)."),
        },
      });
      return;
    }
  } catch (error) {
    let text;
    try {
      text =
        error instanceof Error
          ? [`${error.name}: ${error.message}`, ...candidateFrames(error)].join("\n")
          : StringCtor(error);
    } catch {
      text = "The solution failed to load.";
    }
    emit({ load: { error: clip(text, 4000) } });
    return;
  }
  const results = [];
  for (const test of plan.tests) {
    const clock = { t: test.clockStart };
    const clockFn = () => clock.t;
    let instance;
    const steps = [];
    const started = now();
    const deadline = started + test.timeoutMs;
    let timedOut = false;
    for (const step of test.steps) {
      if (now() > deadline) {
        timedOut = true;
        break;
      }
      try {
        if ("new" in step) {
          instance = undefined;
          instance = new Exported(...step.new, ...(step.clock === false ? [] : [clockFn]));
          steps.push({ value: null });
        } else if ("advanceClock" in step) {
          clock.t += step.advanceClock;
          steps.push({ value: null });
        } else if (instance === undefined) {
          steps.push({ missing: "no instance (the constructor threw or was not called)" });
        } else if ("call" in step) {
          const method = instance[step.call];
          if (typeof method !== "function") steps.push({ missing: `method ${step.call} is not defined` });
          else steps.push({ value: encode(method.apply(instance, step.args), 0) });
        } else if ("get" in step) {
          steps.push({ value: encode(instance[step.get], 0) });
        } else if ("workload" in step) {
          const run = workloads[step.workload.kind];
          steps.push({ value: run(instance, step.workload, step.names, clock, deadline) });
        } else steps.push({ missing: "unknown step" });
      } catch (error) {
        if (error instanceof Timeout) {
          timedOut = true;
          break;
        }
        steps.push(errorNames(error));
      }
    }
    results.push({ durationMs: now() - started, timedOut, steps });
  }
  emit({ load: { ok: true }, tests: results });
}

main().then(
  () => exit(0),
  (error) => {
    emit({ load: { error: clip(`Harness failure: ${error}`, 2000) } });
    exit(0);
  },
);
