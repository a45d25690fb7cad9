// `npm run bench`: each area's figures, in order. Add a module exporting `run()` to the list.

const modules = [
  "./engine.ts",
  "./product-launch.ts",
  "./server.ts",
  "./cohort.ts",
  "./client.ts",
  "./debrief.ts",
];

for (const m of modules) {
  const mod = (await import(m)) as { run(): Promise<void> };
  await mod.run();
}
