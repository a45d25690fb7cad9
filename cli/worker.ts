// A worker thread of `npm run sim` (entered through worker.js): takes chunks of its batch from the
// shared queue until none is left, writing each task's figures into the shared table (see batch.ts).

import { parentPort, workerData } from "node:worker_threads";
import { BatchRunner, runChunk, takeChunk, type WorkerData } from "./batch.ts";

const { spec, metrics, values, queue } = workerData as WorkerData;
try {
  const runner = new BatchRunner(spec, metrics);
  for (let c = takeChunk(queue); c; c = takeChunk(queue))
    parentPort!.postMessage(runChunk(runner, values, c.from, c.to));
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
}
