import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

const phaserSrc = resolve(import.meta.dirname, "node_modules/phaser/src");

/**
 * Production builds use Phaser's core (no physics, tilemaps, particles, sound…) plus the Container
 * the desks draw with: about 210 KB gzip instead of 357 KB for the full engine. Development keeps the
 * full ESM build; the browser tests run the production build, so anything missing from the core fails
 * there.
 */
function leanPhaser(): Plugin {
  const id = "\0phaser-lean";
  return {
    name: "phaser-lean",
    apply: "build",
    enforce: "pre",
    resolveId(source) {
      return source === "phaser" ? id : null;
    },
    // Phaser's source picks renderers and features with `typeof FLAG` checks that its own build
    // replaces; do the same here (WebGL and Canvas on, the rest off).
    transform(code, file) {
      if (!file.startsWith(phaserSrc)) return null;
      return code
        .replace(/typeof (WEBGL_RENDERER|CANVAS_RENDERER)\b/g, "true")
        .replace(/typeof (FEATURE_SOUND|WEBGL_DEBUG|PLUGIN_CAMERA3D|PLUGIN_FBINSTANT)\b/g, "false")
        .replace(/\bglobal\.Phaser = /g, "globalThis.Phaser = ");
    },
    load(loaded) {
      if (loaded !== id) return null;
      return [
        `import Phaser from ${JSON.stringify(`${phaserSrc}/phaser-core.js`)};`,
        `import Container from ${JSON.stringify(`${phaserSrc}/gameobjects/container/Container.js`)};`,
        `import ${JSON.stringify(`${phaserSrc}/gameobjects/container/ContainerFactory.js`)};`,
        `import ${JSON.stringify(`${phaserSrc}/gameobjects/container/ContainerCreator.js`)};`,
        "Phaser.GameObjects.Container = Container;",
        "export default Phaser;",
      ].join("\n");
    },
  };
}

// The client lives in client/; the server serves the production build from dist/client.
// Phaser is split into its own chunk so the landing page and lobby load without it, and so that the
// large, rarely-changing engine stays cached across releases.
export default defineConfig({
  root: resolve(import.meta.dirname, "client"),
  publicDir: resolve(import.meta.dirname, "assets"),
  envPrefix: "PF_",
  plugins: [leanPhaser()],
  build: {
    outDir: resolve(import.meta.dirname, "dist/client"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "phaser", test: /node_modules[\\/]phaser[\\/]|phaser-lean/ },
            { name: "net", test: /node_modules[\\/](@colyseus|msgpackr)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { host: "127.0.0.1" },
});
