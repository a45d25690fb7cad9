// The command line's entry (`npm run sim`). Plain JavaScript, so that Node's compile cache is on
// before any TypeScript is loaded: the core is stripped and compiled once and reused by later runs
// and by the worker threads (start-up about 0.5 → 0.3 s). Then the program, cli/sim.ts.
import { enableCompileCache } from "node:module";

enableCompileCache();
const { runFromShell } = await import("./sim.ts");
await runFromShell();
