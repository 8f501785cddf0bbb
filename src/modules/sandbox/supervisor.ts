/**
 * The supervisor: a short Python program that bubblewrap starts as the first process of the
 * box (after bwrap's own init). It is passed with `python3 -I -S -c`, so no file of ours sits
 * inside the box. Boxes are started ahead of need (pool.ts): the supervisor then waits on fd 5
 * for its one assignment (the command, its environment and limits; encodeAssignment below), sent
 * once the host has written the submission's files; an idle box whose fd 5 closes empty just
 * exits. Then:
 *
 * 1. marks itself non-dumpable, so the candidate (same uid) can neither ptrace it nor open
 *    its report pipe through /proc/<pid>/fd;
 * 2. closes every inherited descriptor but the report pipe (the host may have leaked some), and
 *    forks the candidate, with no descriptor beyond stdin/stdout/stderr, with the rlimits applied (CPU seconds, data or address space,
 *    processes, file size, open files, no core dumps), the assignment's nice value (gradings
 *    yield the CPU to Runs), a clean signal disposition and the only environment the candidate sees;
 * 3. enforces the wall time with an interval timer (SIGKILL to the candidate), so timeouts
 *    still come back with rusage; the host keeps its own, later timer as a backstop;
 * 4. collects the candidate's exit status and rusage with wait4(), kills everything else
 *    left in the PID namespace (background processes), and writes one JSON line to fd 3.
 *
 * Host-side the report is trusted only as far as a same-uid candidate cannot forge it; the
 * host takes the last line and sanity-checks its fields.
 *
 * Every box pays the supervisor's start-up in CPU, and under load CPU is what a Run waits for,
 * so it imports only C modules: no json (it pulls in re and enum, 11 ms), and _signal rather
 * than signal (whose enum wrappers cost 5 ms). That halves Python's start-up in the box
 * (26 → 14 ms of CPU, bench/README.md). The assignment is therefore NUL-separated text (no
 * argument or variable may hold a NUL, validateCommand and validateEnv see to that) and the
 * report is written as JSON by hand: it holds only numbers, booleans and nulls.
 */
export const supervisorSource = String.raw`
import ctypes, os, resource, sys, time
try:
    import _signal as signal
except ImportError:
    import signal
try:
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
except Exception:
    pass
os.closerange(4, 5)
os.closerange(6, 1 << 20)
assignment = b""
while True:
    chunk = os.read(5, 65536)
    if not chunk:
        break
    assignment += chunk
os.close(5)
if not assignment:
    os._exit(0)
fields = iter(assignment.decode("utf-8", "surrogateescape").split("\0"))
def take(count):
    return [next(fields) for _ in range(count)]
wall_ms_limit, niceness = float(next(fields)), int(next(fields))
limits = [(name, int(soft), int(hard)) for name, soft, hard in (take(3) for _ in range(int(next(fields))))]
command = take(int(next(fields)))
env = dict(take(2) for _ in range(int(next(fields))))
os.set_inheritable(3, False)
start = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        os.closerange(3, 1 << 20)
        for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        for name, soft, hard in limits:
            resource.setrlimit(getattr(resource, name), (soft, hard))
        if niceness > 0:
            os.nice(niceness)
        os.execvpe(command[0], command, env)
    except BaseException as error:
        os.write(2, ("sandbox: cannot start %s: %s\n" % (command[0], error)).encode())
    os._exit(127)
wall_exceeded = False
def on_alarm(signum, frame):
    global wall_exceeded
    wall_exceeded = True
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
signal.signal(signal.SIGALRM, on_alarm)
signal.setitimer(signal.ITIMER_REAL, wall_ms_limit / 1000.0)
_, status, usage = os.wait4(pid, 0)
signal.setitimer(signal.ITIMER_REAL, 0)
wall_ms = (time.monotonic() - start) * 1000.0
for _ in range(3):
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        break
def literal(value):
    return "null" if value is None else "true" if value is True else "false" if value is False else repr(value)
report = [
    ("exitCode", os.WEXITSTATUS(status) if os.WIFEXITED(status) else None),
    ("signal", os.WTERMSIG(status) if os.WIFSIGNALED(status) else None),
    ("cpuMs", (usage.ru_utime + usage.ru_stime) * 1000.0),
    ("wallMs", wall_ms),
    ("maxRssKb", usage.ru_maxrss),
    ("wallExceeded", wall_exceeded),
]
os.write(3, ("{" + ",".join('"%s":%s' % (name, literal(value)) for name, value in report) + "}\n").encode())
os._exit(0)
`;

/** What the supervisor runs, and under which limits. */
export interface SupervisorAssignment {
  wallMs: number;
  niceness: number;
  /** rlimits by their Python resource name, soft and hard. */
  limits: [name: string, [soft: number, hard: number]][];
  command: string[];
  env: Record<string, string>;
}

/**
 * The assignment as the supervisor reads it: NUL-separated fields, each list preceded by its
 * length. The host closes the pipe after it, so the end of the pipe ends the assignment.
 */
export function encodeAssignment(assignment: SupervisorAssignment): string {
  const fields = [
    String(assignment.wallMs),
    String(assignment.niceness),
    String(assignment.limits.length),
    ...assignment.limits.flatMap(([name, [soft, hard]]) => [name, String(soft), String(hard)]),
    String(assignment.command.length),
    ...assignment.command,
    String(Object.keys(assignment.env).length),
    ...Object.entries(assignment.env).flat(),
  ];
  for (const field of fields) {
    if (field.includes("\0")) throw new Error("A sandbox assignment field holds a NUL.");
  }
  return fields.join("\0");
}

export interface SupervisorReport {
  exitCode: number | null;
  signal: number | null;
  cpuMs: number;
  wallMs: number;
  maxRssKb: number;
  wallExceeded: boolean;
}

/** Parses the last line of the report pipe; anything malformed yields undefined. */
export function parseSupervisorReport(text: string): SupervisorReport | undefined {
  const lines = text.trim().split("\n");
  const last = lines[lines.length - 1];
  if (!last) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(last);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const intOrNull = (v: unknown) => (v === null || Number.isInteger(v) ? (v as number | null) : undefined);
  const exitCode = intOrNull(r.exitCode);
  const signal = intOrNull(r.signal);
  const nonNegative = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
  const cpuMs = nonNegative(r.cpuMs);
  const wallMs = nonNegative(r.wallMs);
  const maxRssKb = nonNegative(r.maxRssKb);
  if (
    exitCode === undefined ||
    signal === undefined ||
    cpuMs === undefined ||
    wallMs === undefined ||
    maxRssKb === undefined ||
    typeof r.wallExceeded !== "boolean"
  ) {
    return undefined;
  }
  return { exitCode, signal, cpuMs, wallMs, maxRssKb, wallExceeded: r.wallExceeded };
}
