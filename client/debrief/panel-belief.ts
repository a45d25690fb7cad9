import { BLAME_LABELS } from "../../shared/cohort/answers.ts";
import {
  beliefSentence,
  compareBelief,
  type SketchPoint,
  sketchToSeries,
} from "../../shared/debrief/belief.ts";
import {
  BLAME_CATEGORIES,
  type BlameCategory,
  DEBRIEF_MESSAGES,
  type DebriefBrief,
  MAX_CAUSE_CHARS,
} from "../../shared/protocol/debrief.ts";
import { DEBRIEF } from "../palette.ts";
import { h } from "../ui/dom.ts";
import { lineChart } from "./charts.ts";
import { ROLE_COLOURS } from "./dom.ts";
import { sketchPad } from "./sketch-pad.ts";
import { type BeliefContext, playerName, roleLabel } from "./view.ts";

// Panel 1. Before the reveal: an empty chart to draw one's belief on, and a question; this client
// has only the brief then (the server keeps the record until the reveal). After it: every sketch
// with the truth laid over it, named per role.

interface Draft {
  points: SketchPoint[];
  cause: string;
  /** Where the player puts the cause, so a cohort can tally who was blamed. */
  category?: BlameCategory;
}

export function beliefPanel(host: HTMLElement, ctx: BeliefContext): void {
  const { model, state, tr } = ctx;
  if (!state.revealed) {
    drawBelief(host, ctx);
    return;
  }
  if (!model) {
    // Revealed, and the record is on its way.
    host.append(h("p", { class: "muted" }, tr("debrief.loading")));
    return;
  }
  host.append(h("p", { class: "lead" }, tr("debrief.belief.revealed")));
  const grid = h("div", { class: "sketch-grid" });
  host.append(grid);
  const roles = model.roles.filter(
    (r) => state.sketches[r.id] || ctx.brief.seats.some((s) => s.role === r.id && s.name),
  );
  roles.forEach((r) => {
    const i = model.roles.indexOf(r);
    const s = state.sketches[r.id];
    const card = h("article", { class: "sketch-card", "data-role": r.id });
    grid.append(card);
    const who = playerName(ctx, r.id);
    const b = model.beliefs[r.id] ?? model.belief;
    card.append(h("h3", {}, who ? `${r.label} — ${who}` : r.label));
    card.append(h("p", { class: "muted sketch-series" }, b.label));
    if (!s) {
      card.append(h("p", { class: "muted" }, tr("debrief.belief.noSketch")));
      return;
    }
    const belief = sketchToSeries(s.points, model.weeks);
    const chart = lineChart(card, {
      title: `${r.label}: ${b.label}`,
      unit: b.unit,
      weeks: model.weeks,
      height: 230,
      lines: [
        { label: tr("debrief.belief.truth"), values: b.truth, colour: DEBRIEF.ink, width: 4 },
        {
          label: tr("debrief.belief.sketch"),
          values: belief,
          colour: ROLE_COLOURS[i % ROLE_COLOURS.length]!,
          dash: [10, 5],
          width: 3.5,
        },
      ],
    });
    ctx.charts.push(chart);
    card.append(
      h(
        "p",
        { class: "verdict" },
        beliefSentence(compareBelief(belief, b.truth), b.label.toLowerCase(), b.unit),
      ),
    );
    if (s.cause.trim())
      card.append(h("blockquote", {}, tr("debrief.belief.said", { cause: s.cause.trim() })));
  });
}

function statusText(ctx: BeliefContext): string {
  const awaited = ctx.brief.seats.filter((s) => s.name).map((s) => s.role);
  const missing = awaited.filter((r) => !ctx.state.sketched.includes(r));
  return missing.length === 0
    ? ctx.tr("debrief.belief.allIn")
    : ctx.tr("debrief.belief.waiting", {
        in: awaited.length - missing.length,
        total: awaited.length,
        who: missing.map((r) => roleLabel(ctx, r)).join(", "),
      });
}

/**
 * In-place update while a player may be mid-stroke: only the count of sketches in changes.
 * Returns false when the panel must be drawn anew (the reveal).
 */
export function updateBeliefPanel(host: HTMLElement, ctx: BeliefContext): boolean {
  if (ctx.state.revealed) return false;
  const status = host.querySelector("#sketch-status");
  if (!status) return false;
  status.textContent = statusText(ctx);
  const submit = host.querySelector("#sketch-submit");
  if (submit && ctx.role && ctx.state.sketches[ctx.role])
    submit.textContent = ctx.tr("debrief.belief.resubmit");
  return true;
}

function drawBelief(host: HTMLElement, ctx: BeliefContext): void {
  const { brief, state, tr } = ctx;
  const b: DebriefBrief["beliefs"][string] = (ctx.role ? brief.beliefs[ctx.role] : undefined) ?? brief.belief;
  const mine = ctx.role ? state.sketches[ctx.role] : undefined;
  const draft = (ctx.drafts.get("sketch") as Draft | undefined) ?? {
    points: mine?.points ?? [],
    cause: mine?.cause ?? "",
  };
  ctx.drafts.set("sketch", draft);
  if (!ctx.role) host.append(h("p", { class: "lead" }, tr("debrief.belief.watch")));
  if (ctx.role) {
    host.append(h("p", { class: "lead" }, tr("debrief.belief.prompt", { series: b.label.toLowerCase() })));
    const pad = sketchPad({
      weeks: brief.weeks,
      max: b.sketchMax ?? 30,
      unit: b.unit,
      initial: draft.points,
      onChange: (p) => {
        draft.points = p;
      },
    });
    const cause = h("textarea", { id: "sketch-cause", rows: 3, maxlength: MAX_CAUSE_CHARS });
    cause.value = draft.cause;
    cause.addEventListener("input", () => {
      draft.cause = cause.value;
    });
    const msg = h("p", { class: "form-msg", role: "status" });
    const submit = h(
      "button",
      { type: "button", class: "primary", id: "sketch-submit" },
      tr(mine ? "debrief.belief.resubmit" : "debrief.belief.submit"),
    );
    submit.addEventListener("click", () => {
      const points = pad.points();
      if (points.length === 0) {
        msg.textContent = tr("debrief.belief.empty");
        return;
      }
      ctx.send(DEBRIEF_MESSAGES.sketch, {
        points,
        cause: draft.cause,
        ...(draft.category ? { category: draft.category } : {}),
      });
    });
    const clear = h("button", { type: "button" }, tr("debrief.belief.clear"));
    clear.addEventListener("click", () => pad.clear());
    host.append(
      h("div", { class: "sketch-wrap" }, pad.root),
      h("p", { class: "muted" }, tr("debrief.belief.help")),
      h("label", { for: "sketch-cause", class: "field-label" }, tr("debrief.belief.cause")),
      blameChoice(draft, tr("debrief.belief.category")),
      cause,
      h("div", { class: "actions" }, submit, clear),
      msg,
    );
  }
  host.append(h("p", { class: "status", id: "sketch-status", role: "status" }, statusText(ctx)));
  if (ctx.isHost) {
    const reveal = h(
      "button",
      { type: "button", class: "primary", id: "reveal" },
      tr("debrief.belief.reveal"),
    );
    reveal.addEventListener("click", () => ctx.send(DEBRIEF_MESSAGES.reveal, { hostToken: ctx.hostToken }));
    host.append(h("div", { class: "actions" }, reveal));
  }
}

/** The cause's category, one click: what a cohort's "who did people blame?" tallies. */
function blameChoice(draft: Draft, legend: string): HTMLElement {
  const set = h("fieldset", { class: "sketch-category" }, h("legend", {}, legend));
  for (const c of BLAME_CATEGORIES) {
    const radio = h("input", {
      type: "radio",
      name: "sketch-category",
      value: c,
      id: `sketch-category-${c}`,
    });
    radio.checked = draft.category === c;
    radio.addEventListener("change", () => {
      if (radio.checked) draft.category = c;
    });
    set.append(h("label", {}, radio, ` ${BLAME_LABELS[c]}`));
  }
  return set;
}
