/**
 * The "bare" side of the sandbox benchmarks: a SandboxRun executed as a plain child process in a
 * temporary directory (same runtime binary, same files, same stdin), with no box, no supervisor
 * and no limits. Installed with runUnboxedForBenchmarks; never part of the product.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveNodeBinary, type SandboxResult, type SandboxRun } from "../src/modules/sandbox/sandbox.ts";

export function runBare(run: SandboxRun): Promise<SandboxResult> {
  const work = mkdtempSync(path.join(tmpdir(), "evident-bench-bare-"));
  for (const [name, content] of Object.entries(run.files)) {
    mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
    writeFileSync(path.join(work, name), content);
  }
  const [program, ...args] = run.command as [string, ...string[]];
  const binary =
    program === "node" ? resolveNodeBinary() : program.startsWith("python") ? "/usr/bin/python3" : program;
  const started = performance.now();
  const cpuBefore = process.resourceUsage();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: work,
      env: { PATH: "/usr/bin:/bin", HOME: work, LANG: "C.UTF-8", ...run.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on("error", () => undefined);
    child.stdin.end(run.stdin ?? "");
    child.on("error", reject);
    child.on("close", (code, signal) => {
      rmSync(work, { recursive: true, force: true });
      const cpuAfter = process.resourceUsage();
      resolve({
        status: code === 0 ? "ok" : "runtime_error",
        exitCode: code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        outputTruncated: false,
        cpuMs: Math.round((cpuAfter.userCPUTime - cpuBefore.userCPUTime) / 1000),
        wallMs: Math.round(performance.now() - started),
        maxRssKb: 0,
      });
    });
  });
}
