import { chmodSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/client.ts";
import { AppError } from "../platform/errors.ts";
import { runAdminCommand } from "./admin-commands.ts";

/**
 * The embedded database allows one process. While `evident start` runs, the CLI's admin
 * commands reach it through this Unix socket in the data directory (owner-only permissions):
 * one JSON request line, one JSON answer line.
 */
export const controlSocketPath = (dataDir: string) => path.join(dataDir, "control.sock");

export async function listenControlSocket(
  dataDir: string,
  deps: { db: Db; clock: Clock },
): Promise<() => Promise<void>> {
  const socketPath = controlSocketPath(dataDir);
  rmSync(socketPath, { force: true });
  const server = net.createServer((connection) => {
    let buffer = "";
    connection.setEncoding("utf8");
    connection.on("data", (chunk) => {
      buffer += chunk;
      if (buffer.length > 64 * 1024) {
        connection.destroy();
        return;
      }
      const newline = buffer.indexOf("\n");
      if (newline === -1) return;
      const line = buffer.slice(0, newline);
      void answer(line).then((reply) => connection.end(`${JSON.stringify(reply)}\n`));
    });
    connection.on("error", () => {});
  });
  async function answer(line: string) {
    try {
      const request = JSON.parse(line) as { command: string; args: unknown };
      return { ok: true, result: await runAdminCommand(deps, request.command, request.args) };
    } catch (error) {
      const detail =
        error instanceof AppError ? error.detail : "The command failed inside the running server.";
      return { ok: false, error: detail };
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  chmodSync(socketPath, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      rmSync(socketPath, { force: true });
    });
}

export function sendControlCommand(socketPath: string, command: string, args: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const connection = net.createConnection(socketPath);
    let buffer = "";
    connection.setEncoding("utf8");
    connection.setTimeout(30_000, () => {
      connection.destroy();
      reject(new AppError("unavailable", "The running Evident process did not answer within 30 s."));
    });
    connection.on("connect", () => connection.write(`${JSON.stringify({ command, args })}\n`));
    connection.on("data", (chunk) => {
      buffer += chunk;
    });
    connection.on("end", () => {
      try {
        const reply = JSON.parse(buffer) as { ok: boolean; result?: unknown; error?: string };
        if (reply.ok) resolve(reply.result);
        else reject(new AppError("bad_request", reply.error ?? "The command failed."));
      } catch {
        reject(new AppError("unavailable", "The running Evident process gave an unreadable answer."));
      }
    });
    connection.on("error", (error) =>
      reject(new AppError("unavailable", `Could not reach the running Evident process: ${error.message}`)),
    );
  });
}
