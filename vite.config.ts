import { resolve } from "node:path";
import { defineConfig } from "vite";

// The client lives in client/; the server serves the production build from dist/client.
// Phaser is split into its own chunk so the landing page and lobby load without it, and so that the
// large, rarely-changing engine stays cached across releases.
export default defineConfig({
  root: resolve(import.meta.dirname, "client"),
  publicDir: resolve(import.meta.dirname, "assets"),
  envPrefix: "PF_",
  build: {
    outDir: resolve(import.meta.dirname, "dist/client"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "phaser", test: /node_modules[\\/]phaser[\\/]/ },
            { name: "net", test: /node_modules[\\/](@colyseus|msgpackr)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { host: "127.0.0.1" },
});
