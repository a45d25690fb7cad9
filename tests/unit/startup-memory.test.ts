import v8 from "node:v8";
import { expect, it } from "vitest";
import { releaseStartupMemory } from "../../server/ops/memory.ts";

const youngBytes = () =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")!.physical_space_size;

it("gives back the young generation that start-up grew, without exposing the collector to the server", () => {
  const hadGc = "gc" in globalThis;
  // Objects that survive many young collections make V8 grow the young generation, as module loading does.
  const kept: object[] = [];
  for (let i = 0; i < 2_000_000; i++) kept.push({ i });
  const grown = youngBytes();
  kept.length = 0;
  expect(releaseStartupMemory()).toBe(true);
  expect(youngBytes()).toBeLessThan(grown);
  expect("gc" in globalThis).toBe(hadGc);
});
