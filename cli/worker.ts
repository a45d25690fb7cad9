// A worker thread of `npm run sim`: runs the chunks of a batch it is handed (see batch.ts).

import { enableCompileCache } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { BareMetric } from "../shared/engine/bare.ts";
import type { BatchSpec } from "./batch.ts";

// Every worker loads the whole core: Node's compile cache (in the system's temporary directory)
// spares the later ones most of the type stripping and compiling.
enableCompileCache();
const { BatchRunner, runChunk } = await import("./batch.ts");

const { spec, metrics } = workerData as { spec: BatchSpec; metrics: BareMetric[] };
const runner = new BatchRunner(spec, metrics);
parentPort!.on("message", ({ from, to }: { from: number; to: number }) => {
  try {
    const r = runChunk(runner, from, to);
    parentPort!.postMessage(r, [r.values.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
