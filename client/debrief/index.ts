import type { Room } from "@colyseus/sdk";

/** What the play screen hands over when the round reaches its debrief. */
export interface DebriefContext {
  /** The joined team room; it stays connected through the debrief. */
  room: Room;
  /** The player's role id (their seat). */
  role: string;
  /** Whether this player holds the host token. */
  isHost: boolean;
  /** The strings table: key → text in the player's language, `{name}` placeholders filled from vars. */
  t(key: string, vars?: Readonly<Record<string, string | number>>): string;
}

/**
 * Takes over `container` for the debrief. Returns a function that unmounts it.
 * Minimal placeholder; the debrief panels replace it.
 */
export function mountDebrief(container: HTMLElement, ctx: DebriefContext): () => void {
  const section = document.createElement("section");
  section.className = "debrief";
  section.setAttribute("aria-labelledby", "debrief-title");
  const h = document.createElement("h1");
  h.id = "debrief-title";
  h.textContent = ctx.t("debrief.title");
  section.append(h);
  container.replaceChildren(section);
  return () => section.remove();
}
