// `npm run bench`: each area's figures, in order. Add a module exporting `run()` to the list.

const modules = [
  "./engine.ts",
  "./product-launch.ts",
  "./storage.ts",
  "./server.ts",
  "./create-flood.ts",
  "./client.ts",
  "./debrief.ts",
  "./cohort.ts",
  "./cohort-room.ts",
  "./replay.ts",
];

for (const m of modules) {
  const mod = (await import(m)) as { run(): Promise<void> };
  await mod.run();
}
