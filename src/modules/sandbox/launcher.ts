import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { PassThrough, type Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";

/**
 * Starts bubblewrap for boxes from a small process of its own rather than from the server.
 *
 * Why: Node spawns by fork(), and fork copies the page tables of the whole process, then every
 * page the server writes afterwards takes a copy-on-write fault. With the embedded database the
 * server is half a gigabyte, and each box start blocked its event loop for about 10 ms and cost
 * as much again in kernel time (a profile of the Runs benchmark: `spawn` was 23 % of the main
 * thread while Runs were graded). The launcher is a bare Node process of a few tens of MB: it
 * forks cheaply, and the server only exchanges messages with it.
 *
 * The launcher relays each box's six pipes (stdin, stdout, stderr, the report on 3, bwrap's info
 * on 4, the assignment on 5) as IPC messages, in order, so a box's output always arrives before
 * its close. Nothing of the isolation changes: the launcher runs bwrap with the same arguments,
 * identity and environment the server did. If the launcher dies, its boxes die with it (bwrap's
 * --die-with-parent) and every box still open here closes as killed; the next box starts a new
 * launcher.
 *
 * One session for every box. The launcher leads a session of its own (with no controlling
 * terminal, so no box can reach one) and its boxes stay in it: bwrap is neither detached nor run
 * with --new-session. Why: Linux's autogroup scheduler (kernel.sched_autogroup_enabled, on by
 * default in most distributions' kernels) shares the CPU equally between sessions and applies nice
 * values only within one. A box in a session of its own would ignore its nice value, and a Submit's
 * grading at nice 10 would take as much CPU as a candidate's Run at nice 0 (measured: 1 : 1 across
 * sessions, 1 : 9.5 within one). Where boxes get cgroups of their own, cpu.weight ranks them instead.
 */

/** What sandbox.ts uses of a box's bwrap process, whether spawned here or by the launcher. */
export interface BoxProcess {
  readonly pid: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly stdio: readonly (Readable | Writable | null | undefined)[];
  on(event: "error", listener: (error: Error) => void): this;
  on(event: "close", listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  ref(): void;
  unref(): void;
  kill(signal: NodeJS.Signals): boolean;
}

export interface LaunchOptions {
  env: Record<string, string>;
  uid?: number;
  gid?: number;
}

type LauncherMessage =
  | { type: "spawned"; id: number; pid: number }
  | { type: "error"; id: number; message: string; code?: string }
  | { type: "data"; id: number; fd: number; chunk: Uint8Array }
  | { type: "close"; id: number; code: number | null; signal: NodeJS.Signals | null };

const launcherScript = fileURLToPath(new URL("./launcher-process.mjs", import.meta.url));

/** A box's bwrap as seen through the launcher: its streams are fed and drained by messages. */
class LaunchedBox extends EventEmitter implements BoxProcess {
  pid: number | undefined;
  readonly stdio: (Readable | Writable)[];
  private referenced = true;
  readonly id: number;
  private readonly launcher: Launcher;

  constructor(id: number, launcher: Launcher) {
    super();
    this.id = id;
    this.launcher = launcher;
    const input = (fd: number) =>
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          launcher.post({ type: "write", id, fd, data: chunk });
          done();
        },
        final: (done) => {
          launcher.post({ type: "end", id, fd });
          done();
        },
      });
    this.stdio = [
      input(0),
      new PassThrough(),
      new PassThrough(),
      new PassThrough(),
      new PassThrough(),
      input(5),
    ];
  }

  get stdin() {
    return this.stdio[0] as Writable;
  }
  get stdout() {
    return this.stdio[1] as Readable;
  }
  get stderr() {
    return this.stdio[2] as Readable;
  }

  receive(fd: number, chunk: Uint8Array) {
    (this.stdio[fd] as PassThrough | undefined)?.write(
      Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
  }

  /** The box ended: its output streams end (after every chunk received), then it closes. */
  finish(code: number | null, signal: NodeJS.Signals | null) {
    const outputs = [1, 2, 3, 4].map((fd) => this.stdio[fd] as PassThrough);
    for (const output of outputs) output.end();
    // "close" after the streams have delivered their last chunk, as a ChildProcess does.
    void Promise.all(
      outputs.map((output) => new Promise((resolve) => output.once("end", resolve).resume())),
    ).then(() => this.emit("close", code, signal));
    this.unref();
  }

  ref() {
    if (this.referenced) return;
    this.referenced = true;
    this.launcher.retain();
  }

  unref() {
    if (!this.referenced) return;
    this.referenced = false;
    this.launcher.release();
  }

  kill(): boolean {
    this.launcher.post({ type: "kill", id: this.id });
    return true;
  }
}

class Launcher {
  private child: ChildProcess | null = null;
  private readonly boxes = new Map<number, LaunchedBox>();
  private readonly starting = new Map<number, (outcome: { pid?: number; error?: Error }) => void>();
  private nextId = 1;
  private references = 0;

  /** Starts bwrap (or whatever `file` is) in the launcher; resolves once it runs or failed to. */
  async launch(file: string, args: string[], options: LaunchOptions): Promise<BoxProcess> {
    const id = this.nextId++;
    const box = new LaunchedBox(id, this);
    this.boxes.set(id, box);
    this.retain();
    const outcome = await new Promise<{ pid?: number; error?: Error }>((resolve) => {
      this.starting.set(id, resolve);
      this.ensureRunning().send({ type: "spawn", id, file, args, options });
    });
    box.pid = outcome.pid;
    if (outcome.error) {
      const error = outcome.error;
      // After the caller has attached its listeners, as a failed spawn reports.
      setImmediate(() => {
        this.boxes.delete(id);
        box.emit("error", error);
        box.unref();
      });
    }
    return box;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** A message about a box; none is sent once the launcher (and so the box) is gone. */
  post(message: object) {
    this.child?.send(message);
  }

  retain() {
    this.references += 1;
    if (this.references === 1) this.setReferenced(true);
  }

  release() {
    this.references -= 1;
    if (this.references === 0) this.setReferenced(false);
  }

  private setReferenced(referenced: boolean) {
    const channel = this.child?.channel as { ref(): void; unref(): void } | undefined;
    if (referenced) {
      this.child?.ref();
      channel?.ref();
    } else {
      this.child?.unref();
      channel?.unref();
    }
  }

  private ensureRunning(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, [launcherScript], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      serialization: "advanced",
      // A session of its own, with no controlling terminal: its boxes share that session (see
      // launcher-process.mjs), and nothing in a box can reach the terminal Evident started from.
      detached: true,
    });
    this.child = child;
    child.on("message", (message: LauncherMessage) => this.receive(message));
    child.on("exit", () => this.lost(child));
    child.on("error", () => this.lost(child));
    if (this.references === 0) this.setReferenced(false);
    return child;
  }

  private receive(message: LauncherMessage) {
    const box = this.boxes.get(message.id);
    if (!box) return;
    if (message.type === "spawned") {
      this.starting.get(message.id)?.({ pid: message.pid });
      this.starting.delete(message.id);
    } else if (message.type === "error") {
      const error = Object.assign(new Error(message.message), { code: message.code });
      const starting = this.starting.get(message.id);
      this.starting.delete(message.id);
      if (starting) starting({ error });
      else box.emit("error", error);
    } else if (message.type === "data") {
      box.receive(message.fd, message.chunk);
    } else if (message.type === "close") {
      this.boxes.delete(message.id);
      box.finish(message.code, message.signal);
    }
  }

  /** The launcher is gone, and its boxes with it. */
  private lost(child: ChildProcess) {
    if (this.child !== child) return;
    this.child = null;
    for (const resolve of this.starting.values()) resolve({ error: new Error("The box launcher exited.") });
    this.starting.clear();
    for (const [id, box] of this.boxes) {
      this.boxes.delete(id);
      box.finish(null, "SIGKILL");
    }
  }
}

const launcher = new Launcher();

/** Starts a box's bwrap through the launcher process (see above). */
export function launchBox(file: string, args: string[], options: LaunchOptions): Promise<BoxProcess> {
  return launcher.launch(file, args, options);
}

/** The launcher's process id while it runs (tests look at who starts the boxes). */
export function launcherProcessId(): number | undefined {
  return launcher.pid;
}
