import { expect, it } from "vitest";
import { openStorage } from "../../server/storage/index.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import { storageSuite } from "./storage-suite.ts";

const shared = new MemoryStorage();
storageSuite(
  "memory",
  async () => new MemoryStorage(),
  "",
  async (leaseMs) => new MemoryStorage({ peerOf: shared, leaseMs }),
);

const row = { id: "m", code: "ABCDEF", scenario: "s", version: 1, title: "t", status: "lobby" as const };

it("memory: openStorage gives it for the memory kind", async () => {
  const s = await openStorage({ kind: "memory", databaseUrl: "postgres://unused" });
  expect(s.kind).toBe("memory");
  await s.close();
});

it("memory: what a caller does with its objects afterwards does not change the log", async () => {
  const s = new MemoryStorage();
  const data = { orders: [4] };
  await s.createRound({ ...row, week: 0, horizon: 3, cohort: null }, [{ type: "created", data }]);
  data.orders.push(8);
  const [first] = await s.events("m");
  first!.data = "changed by a reader";
  expect((await s.events("m"))[0]!.data).toEqual({ orders: [4] });
  const r = (await s.getRound("m"))!;
  r.status = "closed";
  expect((await s.getRound("m"))!.status).toBe("lobby");
});

it("memory: a closed store refuses work", async () => {
  const s = new MemoryStorage();
  await s.close();
  await expect(s.createRound({ ...row, week: 0, horizon: 3, cohort: null }, [])).rejects.toThrow(/closed/);
  await expect(s.events("m")).rejects.toThrow(/closed/);
});
