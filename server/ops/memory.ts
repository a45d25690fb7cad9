// Start-up (compiling some 700 modules, nearly all of which stay) leaves V8's young generation grown to
// its largest and the old one spread over part-empty pages; V8 gives that back only under memory
// pressure, so an idle server kept it (about 17 MB) for as long as it ran. One memory-reducing
// collection once every module is loaded, before the server listens (so no first request waits for
// it), returns it; under load the young generation grows again as it needs.

import v8 from "node:v8";
import vm from "node:vm";

type Gc = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/** Runs one memory-reducing collection (tens of ms); false when this runtime does not allow it. */
export function releaseStartupMemory(): boolean {
  try {
    let gc = (globalThis as { gc?: Gc }).gc;
    if (!gc) {
      // The collector is only offered to contexts made while the flag is set: this one, not the
      // server's own global.
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as Gc;
      v8.setFlagsFromString("--no-expose-gc");
    }
    gc({ type: "major", execution: "sync", flavor: "last-resort" });
    return true;
  } catch {
    return false;
  }
}
