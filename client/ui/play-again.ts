// "Play again" under the debrief: first what I will do differently, then a new round for the team —
// same scenario and bots, same or new seed, optionally the Beer Game's transparent round. The new
// round's debrief shows the hypothesis written here (kept in this browser).

import type { CreateOptions } from "../../shared/protocol/index.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { fetchReplay, myRounds } from "../net/replay-api.ts";
import type { SavedSeat } from "../net/seat-store.ts";
import { rt } from "../replay/strings.ts";
import { offersInfoSharing, playAgainOptions } from "../view/play-again.ts";
import { h } from "./dom.ts";

export interface PlayAgainHandlers {
  seat: SavedSeat;
  start(options: CreateOptions, hypothesis: string): Promise<void>;
}

/** The finished round's record, through the replay its own tokens open. */
async function recordOf(seat: SavedSeat): Promise<RoundRecord> {
  const mine = (await myRounds([seat])).find((r) => r.code === seat.code);
  if (!mine?.replayId) throw new Error(rt("again.notYet"));
  return (await fetchReplay(mine.replayId, seat.hostToken ?? seat.seatToken)).record;
}

export function playAgainCard(handlers: PlayAgainHandlers): HTMLElement {
  const body = h("div", {});
  const box = h(
    "details",
    {
      class: "card play-again",
      ontoggle: () => {
        if (box.open && body.childElementCount === 0) void fill();
      },
    },
    h("summary", {}, rt("again.title")),
    body,
  );
  const fill = async () => {
    body.replaceChildren(h("p", { class: "help" }, rt("rounds.loading")));
    let rec: RoundRecord;
    try {
      rec = await recordOf(handlers.seat);
    } catch (e) {
      body.replaceChildren(h("p", { class: "form-error" }, (e as Error).message));
      // Open again later (after the reveal) to try again.
      box.addEventListener("toggle", () => body.replaceChildren(), { once: true });
      return;
    }
    body.replaceChildren(form(rec, handlers));
  };
  return box;
}

function form(rec: RoundRecord, handlers: PlayAgainHandlers): HTMLElement {
  const hypothesis = h("textarea", { id: "again-hypothesis", rows: 3, required: true, maxlength: 500 });
  const sameSeed = h("input", { type: "checkbox", id: "again-same-seed", checked: true });
  const sharing = h("input", { type: "checkbox", id: "again-sharing" });
  const status = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary" }, rt("again.submit"));
  return h(
    "form",
    {
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const text = hypothesis.value.trim();
        if (!text) return;
        submit.disabled = true;
        const options = playAgainOptions(rec, {
          name: handlers.seat.name || "Player",
          role: handlers.seat.role,
          sameSeed: sameSeed.checked,
          infoSharing: sharing.checked,
        });
        try {
          await handlers.start(options, text);
        } catch (e) {
          status.textContent = (e as Error).message;
          status.hidden = false;
          submit.disabled = false;
        }
      },
    },
    h("label", { for: "again-hypothesis" }, rt("again.hypothesis")),
    hypothesis,
    h("label", { class: "check" }, sameSeed, ` ${rt("again.sameSeed")}`),
    offersInfoSharing(rec) ? h("label", { class: "check" }, sharing, ` ${rt("again.sharing")}`) : null,
    h("p", { class: "help" }, rt("again.help")),
    status,
    submit,
  );
}

/** The hypothesis written before this round, shown in its debrief. */
export function hypothesisNote(text: string): HTMLElement {
  return h("aside", { class: "card hypothesis-note" }, h("strong", {}, rt("again.before")), ` ${text}`);
}
