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
export const SERVER_NODE_FLAGS: readonly string[] = ["--single-threaded-gc"];
