/**
 * What the sandbox costs per run: the same trivial program (print one line and exit) started
 * bare with spawn and started through runInSandbox (bubblewrap namespaces, the Python
 * supervisor, the private work directory). Runs alternate bare/sandboxed so drift of a noisy
 * machine lands on both; the baseline is the bare run of the same runtime.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveNodeBinary, runInSandbox, sandboxPoolSettled } from "../src/modules/sandbox/sandbox.ts";
import { formatRatio, formatTable, median, ratio, round, roundSignificant } from "./format.ts";
import type { Progress } from "./progress.ts";

export const SANDBOX_OVERHEAD_SETTINGS = { repetitions: 15, warmup: 2 };

const programs = {
  node: { file: "main.mjs", source: 'console.log("ok");\n', bare: () => resolveNodeBinary(), boxed: "node" },
  python: { file: "main.py", source: 'print("ok")\n', bare: () => "/usr/bin/python3", boxed: "python3" },
} as const;
type Runtime = keyof typeof programs;

export interface SandboxOverheadRow {
  runtime: Runtime;
  bareMedianMs: number;
  sandboxedMedianMs: number;
  /** sandboxed − bare, the sandbox's own cost per run. */
  differenceMs: number;
  /** sandboxed ÷ bare. */
  ratio: number | null;
}

function runBare(command: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [file], { stdio: ["ignore", "pipe", "pipe"], env: {} });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 || output.trim() !== "ok")
        reject(new Error(`bare ${command} exited ${code}: ${output}`));
      else resolve(performance.now() - started);
    });
  });
}

async function runBoxed(runtime: Runtime): Promise<number> {
  const program = programs[runtime];
  const started = performance.now();
  const result = await runInSandbox({
    runtime,
    files: { [program.file]: program.source },
    command: [program.boxed, program.file],
  });
  if (result.status !== "ok" || result.stdout.trim() !== "ok") {
    throw new Error(`sandboxed ${runtime} ended ${result.status}: ${result.stderr}`);
  }
  return performance.now() - started;
}

export async function runSandboxOverheadBenchmark(progress: Progress): Promise<SandboxOverheadRow[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), "evident-bench-sandbox-"));
  try {
    const rows: SandboxOverheadRow[] = [];
    const { repetitions, warmup } = SANDBOX_OVERHEAD_SETTINGS;
    for (const runtime of Object.keys(programs) as Runtime[]) {
      const program = programs[runtime];
      const file = path.join(scratch, program.file);
      writeFileSync(file, program.source);
      const bare: number[] = [];
      const boxed: number[] = [];
      for (let index = 0; index < warmup + repetitions; index += 1) {
        progress.phase(`[sandbox] ${runtime} ${index + 1}/${warmup + repetitions}…`);
        // Each run starts with the pool full and nothing else of ours running: the replacement
        // box a run leaves behind starts in the background (as in the product) and is not part of
        // what either side of the comparison costs.
        await sandboxPoolSettled(runtime);
        const bareMs = await runBare(program.bare(), file);
        await sandboxPoolSettled(runtime);
        const boxedMs = await runBoxed(runtime);
        if (index < warmup) continue;
        bare.push(bareMs);
        boxed.push(boxedMs);
      }
      const bareMedianMs = median(bare);
      const sandboxedMedianMs = median(boxed);
      rows.push({
        runtime,
        bareMedianMs: round(bareMedianMs, 1),
        sandboxedMedianMs: round(sandboxedMedianMs, 1),
        differenceMs: round(sandboxedMedianMs - bareMedianMs, 1),
        ratio: roundSignificant(ratio(sandboxedMedianMs, bareMedianMs), 3),
      });
    }
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function formatSandboxOverheadTable(rows: SandboxOverheadRow[]): string {
  const { repetitions } = SANDBOX_OVERHEAD_SETTINGS;
  return [
    `Sandbox overhead: a trivial program, bare vs in the sandbox (median of ${repetitions} alternating runs each)`,
    formatTable(
      ["runtime", "bare ms", "sandboxed ms", "difference ms", "sandboxed ÷ bare"],
      rows.map((row) => [
        row.runtime,
        row.bareMedianMs.toFixed(1),
        row.sandboxedMedianMs.toFixed(1),
        row.differenceMs.toFixed(1),
        formatRatio(row.ratio),
      ]),
    ),
  ].join("\n");
}
