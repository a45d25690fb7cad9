// What a cohort adds on top of every participant's screen (lobby, desk or debrief): the trainer's
// notices and the private reflection prompt. A fixed layer of its own, so the desk stays as it is.

import {
  type NoticeMessage,
  REFLECTION_MAX,
  type ReflectAnswer,
  type ReflectMessage,
} from "../../shared/protocol/cohort.ts";
import { h } from "../ui/dom.ts";
import { ct } from "./strings.ts";

export class CohortLayer {
  private readonly notices = h("div", {
    class: "cohort-notices",
    role: "log",
    "aria-live": "polite",
    "aria-label": ct("notice.from"),
  });
  private dialog: HTMLDialogElement | null = null;

  constructor(host: HTMLElement = document.body) {
    host.append(this.notices);
  }

  /** A note that stays until dismissed (the seat assignment, a trainer's broadcast). */
  notice(msg: NoticeMessage, heading = ct("notice.from")): void {
    const time = new Date(msg.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const item: HTMLElement = h(
      "div",
      { class: "cohort-notice", "data-testid": "cohort-notice" },
      h("p", { class: "notice-head" }, h("strong", {}, heading), h("span", { class: "notice-time" }, time)),
      h("p", { class: "notice-text" }, msg.text),
      h(
        "button",
        {
          type: "button",
          class: "notice-close",
          "aria-label": ct("notice.dismiss"),
          onclick: () => item.remove(),
        },
        "×",
      ),
    );
    this.notices.append(item);
  }

  /** The reflection prompt: private answers, sent once; the trainer resumes the round. */
  reflect(msg: ReflectMessage, send: (answer: ReflectAnswer) => void): void {
    this.dialog?.remove();
    const areas = msg.prompts.map((p) => ({
      id: p.id,
      area: h("textarea", { id: `reflect-${p.id}`, name: p.id, maxlength: REFLECTION_MAX, rows: 3 }),
      text: p.text,
    }));
    const close = () => {
      dialog.close();
      dialog.remove();
      if (this.dialog === dialog) this.dialog = null;
    };
    const dialog: HTMLDialogElement = h(
      "dialog",
      { class: "reflect", "aria-labelledby": "reflect-title", "data-testid": "reflect" },
      h(
        "form",
        {
          method: "dialog",
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            const answers: ReflectAnswer["answers"] = {};
            for (const a of areas) {
              const v = a.area.value.trim().slice(0, REFLECTION_MAX);
              if (v) answers[a.id as keyof typeof answers] = v;
            }
            send({ id: msg.id, answers });
            close();
            this.notice({ text: ct("reflect.thanks"), at: Date.now() }, ct("reflect.title"));
          },
        },
        h("h2", { id: "reflect-title" }, ct("reflect.title")),
        h("p", { class: "help" }, ct("reflect.private")),
        areas.map((a) =>
          h("div", { class: "field" }, h("label", { for: `reflect-${a.id}` }, a.text), a.area),
        ),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", onclick: close }, ct("reflect.skip")),
          h("button", { type: "submit", class: "primary" }, ct("reflect.send")),
        ),
      ),
    );
    this.dialog = dialog;
    document.body.append(dialog);
    dialog.showModal();
    areas[0]?.area.focus();
  }

  destroy(): void {
    this.notices.remove();
    this.dialog?.remove();
  }
}
