// "Run a class or workshop": the trainer's create form, then the page to project (participant link,
// code, QR code) with the private console link. Loaded only when the trainer asks for it.

import { policyNames } from "../../shared/policies/index.ts";
import type { CohortCreated as CreatedCohort } from "../../shared/protocol/cohort.ts";
import {
  DEFAULT_SECONDS_PER_WEEK,
  MAX_SECONDS_PER_WEEK,
  MIN_SECONDS_PER_WEEK,
  PACES,
  type PaceMode,
} from "../../shared/protocol/room.ts";
import { scenarios } from "../../shared/scenarios/index.ts";
import { t, tData } from "../strings/index.ts";
import { field, h } from "../ui/dom.ts";
import { CohortApiError, createCohort } from "./api.ts";
import { type CohortFormValues, cohortRequest, fieldBounds, LIMITS, weeksBounds } from "./create-model.ts";
import { type CohortKey, ct } from "./strings.ts";
import { type CohortTokens, consoleLinkWithToken } from "./tokens.ts";

export function renderCreateCohort(root: HTMLElement, tokens: CohortTokens, back: () => void): void {
  const title = h("input", { type: "text", name: "title", maxlength: LIMITS.title });
  const scenario = h(
    "select",
    { name: "scenario" },
    Object.values(scenarios).map((s) =>
      h("option", { value: s.id }, tData(`scenario.${s.id}.title`, s.title)),
    ),
  );
  const weeks = h("input", { type: "number", name: "weeks", step: 1 });
  const pace = h(
    "select",
    { name: "pace" },
    PACES.map((p) => h("option", { value: p }, t(`pace.${p}.short`))),
  );
  const seconds = h("input", {
    type: "number",
    name: "secondsPerWeek",
    min: MIN_SECONDS_PER_WEEK,
    max: MAX_SECONDS_PER_WEEK,
    step: "any",
    value: DEFAULT_SECONDS_PER_WEEK,
  });
  const teamCount = h("input", {
    type: "number",
    name: "teamCount",
    min: 1,
    max: LIMITS.teams[1],
    step: 1,
    value: 2,
  });
  const radio = (name: string, value: string, label: string, checked: boolean) => {
    const id = `cohort-${name}-${value}`;
    return h(
      "div",
      { class: "seat-option" },
      h("input", { type: "radio", name, value, id, checked }),
      h("label", { for: id }, label),
    );
  };
  const check = (name: string, label: string, checked: boolean) => {
    const id = `cohort-${name}`;
    return h(
      "div",
      { class: "check" },
      h("input", { type: "checkbox", name, id, checked }),
      h("label", { for: id }, label),
    );
  };
  const botsArea = h("fieldset", { class: "create-seats" });
  const renderScenario = () => {
    const sc = scenarios[scenario.value];
    if (!sc) return;
    weeks.value = String((sc.defaultOptions as { weeks?: number }).weeks ?? 36);
    // The scenario's own bounds, the ones the server checks.
    const wb = weeksBounds(sc.id);
    weeks.min = String(wb.min);
    weeks.max = String(wb.max);
    botsArea.replaceChildren(
      h("legend", {}, ct("cohort.create.bots")),
      ...sc.roles.map((r) =>
        h(
          "div",
          { class: "create-seat" },
          h("label", { for: `cohort-bot-${r.id}` }, h("strong", {}, tData(`role.${sc.id}.${r.id}`, r.label))),
          h(
            "select",
            { id: `cohort-bot-${r.id}`, name: `bot-${r.id}` },
            h("option", { value: "" }, ct("cohort.create.botDefault")),
            policyNames(sc.id).map((p) =>
              h("option", { value: p }, t("landing.create.seatBot", { policy: p })),
            ),
          ),
        ),
      ),
    );
  };
  scenario.addEventListener("change", renderScenario);
  renderScenario();

  const fields = {
    title: field({
      id: "cohort-title",
      label: ct("cohort.create.name"),
      help: ct("cohort.create.name.help"),
      input: title,
    }),
    scenario: field({ id: "cohort-scenario", label: t("landing.create.scenario"), input: scenario }),
    weeks: field({ id: "cohort-weeks", label: t("landing.create.horizon"), input: weeks }),
    paceMode: field({ id: "cohort-pace", label: t("landing.create.pace"), input: pace }),
    secondsPerWeek: field({ id: "cohort-seconds", label: t("landing.create.weekSeconds"), input: seconds }),
    teamCount: field({ id: "cohort-team-count", label: ct("cohort.create.teamCount"), input: teamCount }),
  };
  const status = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary" }, ct("cohort.create.submit"));
  const form: HTMLFormElement = h(
    "form",
    {
      class: "card cohort-create",
      "aria-labelledby": "cohort-create-title",
      novalidate: true,
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        status.hidden = true;
        for (const f of Object.values(fields)) f.setError(null);
        const data = new FormData(form);
        const bots: Record<string, string> = {};
        for (const sel of botsArea.querySelectorAll("select")) bots[sel.name.slice(4)] = sel.value;
        const values: CohortFormValues = {
          title: title.value,
          scenario: scenario.value,
          weeks: weeks.value,
          paceMode: pace.value as PaceMode,
          secondsPerWeek: seconds.value,
          teamsMode: data.get("teams") === "fixed" ? "fixed" : "auto",
          teamCount: teamCount.value,
          bots,
          seeds: data.get("seeds") === "different" ? "different" : "same",
          lateJoin: data.get("lateJoin") !== null,
          avoidOwnDepartment: data.get("avoidOwn") !== null,
        };
        const result = cohortRequest(values);
        if (!result.ok) {
          const f = fields[result.field as keyof typeof fields];
          const label = f?.row.querySelector("label")?.textContent ?? result.field;
          const text = ct(`cohort.error.${result.error}` as CohortKey, {
            field: label,
            ...(fieldBounds(values, result.field) ?? {}),
          });
          if (f) f.setError(text);
          else {
            status.textContent = `⚠ ${text}`;
            status.hidden = false;
          }
          return;
        }
        submit.disabled = true;
        try {
          const created = await createCohort(result.request);
          tokens.saveTrainer(created.id, created.trainerToken);
          renderCreated(root, created);
        } catch (e) {
          const field =
            e instanceof CohortApiError && e.field ? fields[e.field as keyof typeof fields] : null;
          const text = e instanceof Error && e.message ? e.message : t("error.network");
          if (field) field.setError(text);
          else {
            status.textContent = `⚠ ${text}`;
            status.hidden = false;
          }
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("h2", { id: "cohort-create-title" }, ct("cohort.create.title")),
    h("p", { class: "help" }, ct("cohort.entry.help")),
    fields.title.row,
    fields.scenario.row,
    fields.weeks.row,
    h("div", { class: "field-pair" }, fields.paceMode.row, fields.secondsPerWeek.row),
    h(
      "fieldset",
      {},
      h("legend", {}, ct("cohort.create.teams")),
      radio("teams", "auto", ct("cohort.create.teams.auto"), true),
      radio("teams", "fixed", ct("cohort.create.teams.fixed"), false),
      fields.teamCount.row,
    ),
    botsArea,
    h(
      "fieldset",
      {},
      h("legend", {}, ct("cohort.create.seeds")),
      radio("seeds", "same", ct("cohort.create.seeds.same"), true),
      radio("seeds", "different", ct("cohort.create.seeds.different"), false),
    ),
    check("lateJoin", ct("cohort.create.lateJoin"), true),
    check("avoidOwn", ct("cohort.create.avoidOwn"), true),
    status,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: back }, ct("cohort.create.back")),
      submit,
    ),
  );
  root.replaceChildren(h("div", { class: "landing cohort" }, form));
  title.focus();
}

function copyButton(text: string): HTMLButtonElement {
  const b = h("button", { type: "button" }, ct("cohort.copy"));
  b.addEventListener("click", () => {
    void navigator.clipboard?.writeText(text).then(() => {
      b.textContent = ct("cohort.copied");
    });
  });
  return b;
}

/** The page the trainer projects: big link, big code, QR code; the console link below. */
export function renderCreated(root: HTMLElement, created: CreatedCohort): void {
  const origin = window.location.origin;
  const joinUrl = new URL(created.joinLink, origin).href;
  const privateLink = consoleLinkWithToken(origin, created.consoleLink, created.trainerToken);
  const qr = h("div", { class: "qr", role: "img", "aria-label": ct("cohort.created.qr") });
  // The QR encoder is its own chunk: only the trainer's projected page needs it.
  void import("./qr.ts").then(({ qrSvg }) => {
    qr.innerHTML = qrSvg(joinUrl);
  });
  const privateInput = h("input", {
    type: "text",
    readonly: true,
    value: privateLink,
    id: "cohort-private-link",
  });
  root.replaceChildren(
    h(
      "section",
      { class: "cohort-created", "aria-labelledby": "cohort-created-title" },
      h("h1", { id: "cohort-created-title" }, ct("cohort.created.title")),
      h(
        "div",
        { class: "projector" },
        h(
          "div",
          { class: "projector-text" },
          h("p", {}, ct("cohort.created.join")),
          h("p", { class: "join-url", "data-testid": "join-url" }, joinUrl),
          h("p", {}, ct("cohort.created.code")),
          h("p", { class: "join-code", "data-testid": "join-code" }, created.code),
          copyButton(joinUrl),
        ),
        qr,
      ),
      h(
        "div",
        { class: "card console-link" },
        h("a", { class: "button primary", href: created.consoleLink }, ct("cohort.created.console")),
        h("p", { class: "help" }, ct("cohort.created.consoleHelp")),
        h("label", { for: "cohort-private-link" }, ct("cohort.created.privateLink")),
        h("div", { class: "copy-row" }, privateInput, copyButton(privateLink)),
      ),
    ),
  );
}
