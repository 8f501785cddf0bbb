/**
 * What every kind does with one suite's sandbox run before it judges tests: add up the resources,
 * and turn a run that produced no usable results into the verdict and message every test of the
 * suite gets. Shared by the function, api and scale graders.
 */
import type { SandboxResult } from "../sandbox/sandbox.ts";
import type { GradeReport, Verdict } from "./engine.ts";

export function addResources(resources: GradeReport["resources"], run: SandboxResult): void {
  resources.wallMs += run.wallMs;
  resources.cpuMs += run.cpuMs;
  resources.maxRssKb = Math.max(resources.maxRssKb, run.maxRssKb);
}

/**
 * Why a suite's tests all fail, or undefined when the run reported results. `reported` says what
 * the nonce-marked result line held: results, nothing, or a forgery (several lines, bad JSON).
 */
export function suiteFailureOf(
  run: SandboxResult,
  reported: "results" | "missing" | "tampered",
  reporter: "program" | "test driver",
): { verdict: Verdict; message: string } | undefined {
  if (run.status === "time_limit") return { verdict: "time_limit", message: "Time limit exceeded." };
  if (run.status === "memory_limit") return { verdict: "memory_limit", message: "Memory limit exceeded." };
  if (run.status === "output_limit") return { verdict: "output_limit", message: "Output limit exceeded." };
  if (reported === "tampered") return { verdict: "error", message: "The result channel was tampered with." };
  if (reported === "missing") {
    const tail = run.stderr.trim().split("\n").slice(-5).join("\n");
    const how = `${run.status}${run.exitCode !== null ? `, exit ${run.exitCode}` : ""}${run.signal ? `, ${run.signal}` : ""}`;
    return {
      verdict: "error",
      message: `The ${reporter} ended without reporting results (${how})${tail ? `: ${tail}` : "."}`,
    };
  }
  return undefined;
}
