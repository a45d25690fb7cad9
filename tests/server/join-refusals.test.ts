// Joining a team room as people do: the same first name twice, a late-comer taking over a seat a bot
// plays, and refusals that carry their code (and field) for the client's sentences.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRefusal } from "../../shared/protocol/errors.ts";
import { type Harness, Player, startHarness } from "./harness.ts";

const short = { weeks: 6, warmupWeeks: 0 };
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function refusedWith(p: Promise<unknown>): Promise<ReturnType<typeof parseRefusal>> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return parseRefusal((e as Error).message);
}

describe("joining a team", () => {
  it("tells two players of the same name apart: Pat, then Pat (2)", async () => {
    const host = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Pat",
      role: "retailer",
    });
    const code = host.w.code;
    const b = await Player.join(h, code, { name: "pat", role: "wholesaler" });
    const c = await Player.join(h, code, { name: "Pat", role: "factory" });
    await host.until((s) => s.seats.get("factory").name !== "");
    expect(host.state.seats.get("retailer").name).toBe("Pat");
    expect(host.state.seats.get("wholesaler").name).toBe("pat (2)");
    expect(host.state.seats.get("factory").name).toBe("Pat (3)");
    await Promise.all([host, b, c].map((p) => p.leave()));
  });

  it("lets a late-comer take over a seat a bot plays, and refuses the rest with codes", async () => {
    const host = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Ann",
      role: "retailer",
    });
    const code = host.w.code;
    host.send("host", { hostToken: host.w.hostToken!, action: "start" });
    await host.until((s) => s.phase === "play");
    expect(host.state.seats.get("wholesaler").control).toBe("bot");

    // No seat named: the round has started.
    expect((await refusedWith(Player.join(h, code, { name: "Late" }))).code).toBe("round_started");
    // A person's seat stays theirs.
    expect((await refusedWith(Player.join(h, code, { name: "Late", role: "retailer" }))).code).toBe(
      "seat_taken",
    );
    // A bot's seat: taken over, and the week now waits for the new player.
    const late = await Player.join(h, code, { name: "Late", role: "wholesaler" });
    expect(late.w.role).toBe("wholesaler");
    expect(late.w.seatToken).toBeTruthy();
    await host.until((s) => s.seats.get("wholesaler").control === "human");
    expect(host.state.seats.get("wholesaler").name).toBe("Late");
    host.send("decide", { week: 1, decision: { order: 4 } });
    late.send("decide", { week: 1, decision: { order: 5 } });
    await host.until((s) => s.week === 1);
    await Promise.all([host, late].map((p) => p.leave()));
  });

  it("names the option a refused create got wrong", async () => {
    const pace = await refusedWith(
      Player.create(h, { scenario: "beer-game", name: "A", pace: { mode: "timed", secondsPerWeek: -5 } }),
    );
    expect(pace).toMatchObject({ code: "bad_options", field: "pace.secondsPerWeek" });
    const weeks = await refusedWith(
      Player.create(h, { scenario: "beer-game", name: "A", options: { weeks: 0 } }),
    );
    expect(weeks).toMatchObject({ code: "bad_options", field: "options.weeks" });
  });
});
