// CPU profiles of the bench's servers, ours and the peers (PF_BENCH_PROFILE=dir).

/** With PF_BENCH_PROFILE=dir, a server writes a CPU profile there when it stops. */
export const profileFlags = (): string[] =>
  process.env.PF_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PF_BENCH_PROFILE}`] : [];
