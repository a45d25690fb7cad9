// The Node flags the server process runs with. `npm start` (package.json) and the systemd unit in
// docs/deploy.md pass the same; a test keeps package.json in step with this list.
//
// --single-threaded-gc: V8 marks and sweeps the old generation on helper threads "concurrently". A
// server that has one core to itself (the bench pins it; one process per core when scaled out) has
// no core for them: they take the room thread's core for tens of milliseconds at a time, and every
// room waits. With collection done on the room thread, in small steps between messages, the decision
// → update p99 at 1,000 rooms fell from 116–183 ms to 45 ms, and unpinned beside a busy core from
// 66–73 ms to 31–39 ms (bench/server.ts; docs/performance.md). At 500 rooms it changed nothing beyond
// the spread.
//
// --max-semi-space-size=16: V8 grows the young generation to two 64 MB semi-spaces (Node builds
// without pointer compression), about 105 MB of the process' memory at any load past a hundred rooms
// or so; that alone was 200–500 KB of the 300 KB per room the server aims at. Held to 16 MB the
// young generation is 32 MB. It is collected four times as often, but each collection copies a
// quarter as much: what lives a week is promoted either way since the rounds stopped keeping their
// weeks as objects and the recorder its next batch in advance. Interleaved pairs on one day (bench/
// server.ts, acks off): memory per room at 200 / 500 / 1,000 rooms 566–596 / 437–470 / 330–411 →
// 422–451 / 284–333 (lockstep), 293 (continuous) / 317–328 KB; mean scavenge pause 7–14 → 2–5 ms;
// p99 as good or better (1,000 rooms continuous 55–72 → 44 ms); CPU per room-second within the day's
// spread (from 7 % less to 8 % more per pair, 2 % more on average). docs/performance.md has the table.
export const SERVER_NODE_FLAGS: readonly string[] = ["--single-threaded-gc", "--max-semi-space-size=16"];
