import { App } from "./app.ts";
import { installPalette } from "./palette.ts";
import "./style.css";

installPalette();

const root = document.getElementById("app")!;
const app = new App(root);
app.start();

// Browser tests drive and inspect the game through this handle; it exists only in test mode.
if (new URLSearchParams(window.location.search).has("test")) {
  (window as unknown as { __pf: unknown }).__pf = app;
}
