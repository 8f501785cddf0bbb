// The box launcher: a small Node process of its own that starts bubblewrap for the server and
// relays each box's pipes over the IPC channel (launcher.ts explains why). It holds nothing but
// the boxes it started; it gets no environment but PATH, and when the server goes away (the IPC
// channel closes) it kills its boxes and exits (bwrap's --die-with-parent would too).
import { spawn } from "node:child_process";

/** Box id → its bwrap ChildProcess. */
const boxes = new Map();

function send(message) {
  if (process.connected) process.send(message);
}

function start({ id, file, args, options }) {
  let child;
  try {
    child = spawn(file, args, { ...options, stdio: ["pipe", "pipe", "pipe", "pipe", "pipe", "pipe"] });
  } catch (error) {
    send({ type: "error", id, message: error.message, code: error.code });
    return;
  }
  boxes.set(id, child);
  child.on("spawn", () => send({ type: "spawned", id, pid: child.pid }));
  child.on("error", (error) => send({ type: "error", id, message: error.message, code: error.code }));
  for (const fd of [1, 2, 3, 4]) {
    child.stdio[fd].on("data", (chunk) => send({ type: "data", id, fd, chunk }));
  }
  // A program may exit without reading its stdin; a closed pipe is not an error.
  for (const fd of [0, 5]) child.stdio[fd].on("error", () => undefined);
  child.on("close", (code, signal) => {
    boxes.delete(id);
    send({ type: "close", id, code, signal });
  });
}

// Killing bwrap ends its box: the box's first process dies with bwrap (--die-with-parent), and
// with it every process of the box's PID namespace. bwrap stays in this process's session and
// process group (no `detached`, no --new-session): see "One session for every box" in launcher.ts.
function killBox(child) {
  try {
    child.kill("SIGKILL");
  } catch {
    // already gone
  }
}

process.on("message", (message) => {
  if (message.type === "spawn") return start(message);
  const child = boxes.get(message.id);
  if (!child) return;
  if (message.type === "write") child.stdio[message.fd].write(message.data);
  else if (message.type === "end") child.stdio[message.fd].end(message.data);
  else if (message.type === "kill") killBox(child);
});

process.on("disconnect", () => {
  for (const child of boxes.values()) killBox(child);
  process.exit(0);
});
