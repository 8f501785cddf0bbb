import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBoxCgroup, detectCgroupV2, prepareBoxParent } from "./cgroups.ts";

/** A temporary directory laid out like a cgroup v2 mount, with this process in /user.slice/app. */
function fakeCgroupfs(root: string, options: { controllers?: string } = {}) {
  const own = path.join(root, "user.slice", "app");
  mkdirSync(own, { recursive: true });
  writeFileSync(path.join(own, "cgroup.controllers"), options.controllers ?? "cpuset cpu io memory pids\n");
  writeFileSync(path.join(own, "cgroup.subtree_control"), "");
  writeFileSync(path.join(root, "user.slice", "cgroup.subtree_control"), "");
  return own;
}

describe("cgroup v2 detection", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "evident-cgroupfs-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("finds a writable delegated subtree with the memory, pids and cpu controllers", () => {
    const own = fakeCgroupfs(root);
    const detection = detectCgroupV2({ root, selfCgroup: "0::/user.slice/app\n" });
    expect(detection).toEqual({ mode: "cgroup2", parent: path.join(own, "evident-boxes") });
  });

  it("falls back to rlimits on a cgroup v1 host", () => {
    fakeCgroupfs(root);
    const detection = detectCgroupV2({ root, selfCgroup: "12:memory:/\n11:pids:/\n1:name=systemd:/\n" });
    expect(detection).toMatchObject({ mode: "rlimits", reason: expect.stringContaining("cgroup v1") });
  });

  it("falls back when a controller is missing or the unified hierarchy is not mounted there", () => {
    fakeCgroupfs(root, { controllers: "cpu io\n" });
    expect(detectCgroupV2({ root, selfCgroup: "0::/user.slice/app\n" })).toMatchObject({
      mode: "rlimits",
      reason: expect.stringContaining("memory, pids"),
    });
    expect(detectCgroupV2({ root, selfCgroup: "0::/elsewhere\n" })).toMatchObject({
      mode: "rlimits",
      reason: expect.stringContaining("not mounted"),
    });
  });

  it("writes a box's memory.max, pids.max and cpu.max, adopts a pid and reads memory.peak", async () => {
    const own = fakeCgroupfs(root);
    const parent = path.join(own, "evident-boxes");
    await prepareBoxParent(parent);
    expect(readFileSync(path.join(parent, "cgroup.subtree_control"), "utf8")).toBe("+memory +pids +cpu");
    expect(readFileSync(path.join(own, "cgroup.subtree_control"), "utf8")).toBe("+memory +pids +cpu");

    const box = await createBoxCgroup(parent, { memoryMb: 256, processes: 64, cpus: 1 });
    const read = (name: string) => readFileSync(path.join(box.directory, name), "utf8");
    expect(path.dirname(box.directory)).toBe(parent);
    expect(read("memory.max")).toBe(String(256 * 1024 * 1024));
    expect(read("memory.swap.max")).toBe("0");
    expect(read("pids.max")).toBe("64");
    expect(read("cpu.max")).toBe("100000 100000");
    await box.adopt(4242);
    expect(read("cgroup.procs")).toBe("4242");
    await box.setCpuWeight(10);
    expect(read("cpu.weight")).toBe("10");

    // The kernel fills these in; here the test plays the kernel.
    expect(await box.peakKb()).toBeUndefined();
    writeFileSync(path.join(box.directory, "memory.peak"), `${64 * 1024 * 1024}\n`);
    expect(await box.peakKb()).toBe(64 * 1024);
    writeFileSync(path.join(box.directory, "memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    expect(await box.oomKilled()).toBe(true);
  });
});
