// A worker thread of `npm run sim` (entered through worker.js): runs the chunks of a batch it is
// handed, writing each task's figures into the shared table (see batch.ts).

import { parentPort, workerData } from "node:worker_threads";
import type { BareMetric } from "../shared/engine/bare.ts";
import { BatchRunner, type BatchSpec, runChunk } from "./batch.ts";

const { spec, metrics, values } = workerData as {
  spec: BatchSpec;
  metrics: BareMetric[];
  values: Float64Array;
};
const runner = new BatchRunner(spec, metrics);
parentPort!.on("message", ({ from, to }: { from: number; to: number }) => {
  try {
    parentPort!.postMessage(runChunk(runner, values, from, to));
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
