// The protocol's schemas and helpers, as a third-party client would rely on them.

import fc from "fast-check";
import { expect, it } from "vitest";
import {
  clientMessageSchemas,
  createOptionsSchema,
  flattenObservation,
  joinCodeSchema,
  joinOptionsSchema,
  unflattenObservation,
} from "../../shared/protocol/index.ts";

it("flattening an observation and back is the identity", () => {
  const obs = fc.dictionary(
    fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/),
    fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.array(fc.integer(), { maxLength: 6 })),
  );
  fc.assert(
    fc.property(obs, (o) => {
      const back = unflattenObservation(new Map(flattenObservation(o)));
      for (const [k, v] of Object.entries(o)) {
        if (Array.isArray(v) && v.length === 0) continue; // an empty array has no entries to send
        expect(back[k]).toEqual(v);
      }
    }),
  );
});

it("join codes are six unambiguous characters, case-insensitive", () => {
  expect(joinCodeSchema.parse(" abc234 ")).toBe("ABC234");
  expect(joinCodeSchema.safeParse("ABC10O").success).toBe(false);
  expect(joinCodeSchema.safeParse("ABCDE").success).toBe(false);
});

it("create and join options fill their defaults and refuse bad names", () => {
  const c = createOptionsSchema.parse({ scenario: "beer-game", name: "  Ann " });
  expect(c).toMatchObject({
    name: "Ann",
    pace: { mode: "lockstep" },
    graceSeconds: 20,
    acks: true,
    bots: {},
  });
  // Control and bidi-override characters are dropped; a name of nothing else is no name.
  expect(joinOptionsSchema.parse({ name: "a\u0007b\u202e" }).name).toBe("ab");
  expect(joinOptionsSchema.safeParse({ name: "\u0007\u202e" }).success).toBe(false);
  expect(joinOptionsSchema.safeParse({ name: "x".repeat(41) }).success).toBe(false);
  expect(
    createOptionsSchema.safeParse({ scenario: "beer-game", name: "A", pace: { mode: "warp" } }).success,
  ).toBe(false);
});

it("client messages validate their payloads", () => {
  expect(clientMessageSchemas.decide.safeParse({ week: 1, decision: { order: 4 } }).success).toBe(true);
  expect(clientMessageSchemas.decide.safeParse({ week: 0, decision: { order: 4 } }).success).toBe(false);
  expect(clientMessageSchemas.decide.safeParse({ week: 1, decision: { order: "4" } }).success).toBe(false);
  expect(
    clientMessageSchemas.host.safeParse({ hostToken: "abcdefghij", action: "speed", secondsPerWeek: 2 })
      .success,
  ).toBe(true);
  expect(clientMessageSchemas.host.safeParse({ hostToken: "abcdefghij", action: "speed" }).success).toBe(
    false,
  );
  expect(clientMessageSchemas.host.safeParse({ action: "start" }).success).toBe(false);
  expect(clientMessageSchemas.host.safeParse({ hostToken: "abcdefghij", action: "explode" }).success).toBe(
    false,
  );
});
