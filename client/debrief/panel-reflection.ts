import { DEBRIEF_MESSAGES, MAX_NOTE_CHARS } from "../../shared/protocol/debrief.ts";
import { h } from "../ui/dom.ts";
import type { PanelContext } from "./view.ts";

// Panel 6. The scenario's questions, each with one shared notes box. Notes are saved with the round;
// a note someone else saves replaces the text here unless this player is editing it.

export function reflectionPanel(host: HTMLElement, ctx: PanelContext): void {
  const { model, state, tr } = ctx;
  host.append(h("p", { class: "lead" }, tr("debrief.reflect.intro")));
  const list = h("ol", { class: "questions" });
  host.append(list);
  model.reflection.forEach((q, i) => {
    const saved = state.notes[String(i)];
    const key = `note:${i}`;
    const draft = ctx.drafts.get(key) as string | undefined;
    const id = `note-${i}`;
    const area = h("textarea", { id, rows: 3, maxlength: MAX_NOTE_CHARS, "data-question": i });
    area.value = draft ?? saved?.text ?? "";
    const status = h(
      "span",
      { class: "note-status", id: `note-status-${i}` },
      saved ? tr("debrief.reflect.saved", { name: saved.by }) : "",
    );
    area.addEventListener("input", () => {
      ctx.drafts.set(key, area.value);
      status.textContent = tr("debrief.reflect.unsaved");
    });
    const save = h(
      "button",
      { type: "button", class: "note-save", "data-question": i },
      tr("debrief.reflect.save"),
    );
    save.addEventListener("click", () => {
      ctx.drafts.delete(key);
      const host = ctx.hostToken ? { hostToken: ctx.hostToken } : {};
      ctx.send(DEBRIEF_MESSAGES.note, { question: i, text: area.value, ...host });
    });
    list.append(
      h(
        "li",
        {},
        h("label", { for: id, class: "question" }, q),
        area,
        h("div", { class: "actions" }, save, status),
      ),
    );
  });
}

/** Shows notes others saved without disturbing a note this player is editing. */
export function updateReflectionPanel(host: HTMLElement, ctx: PanelContext): boolean {
  const areas = host.querySelectorAll<HTMLTextAreaElement>("textarea[data-question]");
  if (areas.length !== ctx.model.reflection.length) return false;
  for (const area of areas) {
    const i = Number(area.dataset["question"]);
    const saved = ctx.state.notes[String(i)];
    const editing = ctx.drafts.has(`note:${i}`);
    const status = host.querySelector(`#note-status-${i}`);
    if (!saved) continue;
    if (!editing) {
      if (area.value !== saved.text) area.value = saved.text;
      if (status) status.textContent = ctx.tr("debrief.reflect.saved", { name: saved.by });
    }
  }
  return true;
}
