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
// young generation is 32 MB, collected four times as often in pauses a third as long. Interleaved
// pairs on one day (bench/server.ts, acks off, both paces; docs/performance.md has the table): memory
// per room at 200 / 500 / 1,000 rooms 566–596 / 430–479 / 324–411 → 422–451 / 279–404 / 304–334 KB;
// mean scavenge pause 3.2–14.8 → 2.2–5.3 ms; the 1,000-room p99 under 50 ms in 7 of 8 runs against 3
// of 8. The price is CPU: what lives a week (the decisions in force, each client's last message) is
// promoted either way, but a full collection comes twice as often (every ~5 s at 500 rooms), about
// 1–2 % of the time in pauses and more in the marking steps between them: 2 % more CPU per room-second
// on average over 29 pairs, 5 % over the fifteen of the day's quieter hours, each pair within the
// machine's drift (from 19 % less to 32 % more). Less promoted per week would lower it.
//
// --no-separate-gc-phases: by default (V8 13) the young generation is not collected while the old one
// is being marked; when it fills meanwhile, the full collection is finished at once, and everything
// the young generation then holds that the marking reached, most of it dead by then, is copied into the
// old generation in that pause (8–13 MB a time at 500 rooms, 5–27 MB at the extremes). With the phases
// overlapping, as V8 did for years, scavenges go on during the marking and the final pause copies what
// is really alive (2–5 MB). Interleaved pairs at 500 rooms (docs/performance.md): full-collection pauses
// 33–42 → 14–25 ms on average, the longest 75–180 → 20–40 ms, and fewer of them; the decision → update
// p99 lower in four pairs of five; memory per room 351–392 → 269–308 KB (a smaller old generation);
// CPU within the spread.
export const SERVER_NODE_FLAGS: readonly string[] = [
  "--single-threaded-gc",
  "--max-semi-space-size=16",
  "--no-separate-gc-phases",
];
