import type { DebriefEvent, DebriefState } from "../protocol/debrief.ts";

/** The debrief before anyone has done anything: nothing revealed, follow-me off, first panel. */
export function initialDebriefState(): DebriefState {
  return {
    revealed: false,
    sketched: [],
    sketches: {},
    lead: { follow: false, panel: "belief", loop: null },
    notes: {},
    ghosts: [],
    hypotheses: {},
  };
}

/**
 * Folds one recorded event into the state. `sketchers` are the roles whose sketch is awaited
 * (the human seats): when the last of them is in, the truth is revealed without the host.
 * Pure, so replaying the round's events after a reload rebuilds exactly the same debrief.
 */
export function applyDebriefEvent(
  state: DebriefState,
  event: DebriefEvent,
  sketchers: readonly string[],
): DebriefState {
  switch (event.kind) {
    case "sketch": {
      // A sketch after the reveal would be drawn with the answer in sight: it is not a belief.
      if (state.revealed) return state;
      const sketches = {
        ...state.sketches,
        [event.role]: { role: event.role, name: event.name, points: event.points, cause: event.cause },
      };
      const sketched = Object.keys(sketches);
      const allIn = sketchers.length > 0 && sketchers.every((r) => sketched.includes(r));
      return { ...state, sketches, sketched, revealed: allIn };
    }
    case "reveal":
      return { ...state, revealed: true };
    case "lead":
      return { ...state, lead: { follow: event.follow, panel: event.panel, loop: event.loop } };
    case "note":
      return {
        ...state,
        notes: { ...state.notes, [String(event.question)]: { text: event.text, by: event.by } },
      };
    case "ghost":
      return { ...state, ghosts: [...state.ghosts, event.result] };
  }
}

export function replayDebriefEvents(
  events: readonly DebriefEvent[],
  sketchers: readonly string[],
): DebriefState {
  return events.reduce((s, e) => applyDebriefEvent(s, e, sketchers), initialDebriefState());
}
