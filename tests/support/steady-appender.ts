// A process that appends to a SQLite round log without pause, with checkpoints every 20 ms and a log
// that starts over past 64 frames, and prints each append once it is acknowledged (durable). The
// kill tests stop it with SIGKILL mid-stream. Usage: node steady-appender.ts FILE thread|main
// [ROUNDS [FOLD_MS]]: append i goes to round i mod ROUNDS ("k", then "k1", "k2"…), and the journals
// are moved every FOLD_MS (default: the storage's).
import { statSync } from "node:fs";
import { SqliteStorage } from "../../server/storage/sqlite.ts";

const [file, writer, rounds = "1", foldMs] = process.argv.slice(2) as [
  string,
  "thread" | "main",
  string?,
  string?,
];
const s = new SqliteStorage(file, {
  writer,
  checkpointMs: 20,
  restartFrames: 64,
  ...(foldMs ? { foldMs: Number(foldMs) } : {}),
});
const ids = Array.from({ length: Number(rounds) }, (_, r) => (r === 0 ? "k" : `k${r}`));
for (const id of ids)
  await s.createRound(
    {
      id,
      code: id.toUpperCase(),
      scenario: "s",
      version: 1,
      title: "t",
      status: "play",
      week: 0,
      horizon: 3,
      cohort: null,
    },
    [{ type: "created", data: 0 }],
  );
// The checkpoint thread starts with the first write: once it has copied something back, it runs.
const before = statSync(file).size;
while (statSync(file).size <= before) await new Promise((r) => setTimeout(r, 10));
const body = "k".repeat(600);
for (let i = 0; ; i++) {
  await s.append(ids[i % ids.length]!, [{ type: "e", data: `${i}${body}` }]);
  process.stdout.write(`acked ${i}\n`);
  if (i % 10 === 9) await new Promise((r) => setTimeout(r, 1));
}
