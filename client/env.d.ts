/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The game server in development (`npm run dev`); production uses the page's origin. */
  readonly PF_SERVER_URL?: string;
  /** Set by test builds: exposes the game on window for the browser tests. */
  readonly PF_TEST?: string;
}
