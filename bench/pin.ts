// Pinning the bench's processes to cores with taskset (util-linux), where there is one.

import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

let taskset: boolean | undefined;
/** `cmd` pinned to one core with taskset (util-linux) when there is one and more than one core. */
export function pinned(core: number, cmd: string, args: string[]): [string, string[]] {
  if (taskset === undefined) {
    try {
      execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
      taskset = availableParallelism() > 1;
    } catch {
      taskset = false;
    }
  }
  return taskset ? ["taskset", ["-c", String(core), cmd, ...args]] : [cmd, args];
}

/** Whether the bench pins its processes (taskset present, more than one core). */
export function pinning(): boolean {
  pinned(0, "true", []);
  return taskset === true;
}
