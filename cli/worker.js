// A worker thread's entry. Plain JavaScript, so that Node's compile cache is on before any TypeScript
// loads: the thread reuses the core as compiled by earlier runs instead of stripping it again.
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("./worker.ts");
