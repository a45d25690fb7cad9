// The one link a class opens (/?cohort=CODE): a name, optionally one's real department, and the
// cohort gives a seat in a team. A participant token kept in the browser brings the same seat back.

import type { ParticipantAssigned as Assignment } from "../../shared/protocol/cohort.ts";
import { t } from "../strings/index.ts";
import { field, h } from "../ui/dom.ts";
import { CohortApiError, joinCohort, lookupCohort } from "./api.ts";
import { ct } from "./strings.ts";
import type { CohortTokens } from "./tokens.ts";

export interface ParticipantHandlers {
  code: string;
  lastName: string;
  tokens: CohortTokens;
  /** Join the team room the cohort chose, with the cohort ticket. */
  enter(assignment: Assignment, name: string): Promise<void>;
}

export async function renderParticipant(root: HTMLElement, p: ParticipantHandlers): Promise<void> {
  const saved = p.tokens.participant(p.code);
  if (saved) {
    // Opened again on this device: the cohort answers with the same assignment.
    try {
      const a = await joinCohort(p.code, {
        name: saved.name,
        ...(saved.department ? { department: saved.department } : {}),
        participantToken: saved.participantToken,
      });
      await p.enter(a, saved.name);
      return;
    } catch {
      // Fall through to the form: the cohort may have ended, or the token been dropped.
    }
  }
  root.replaceChildren(h("p", { class: "loading", role: "status" }, t("app.loading")));
  let cohort: Awaited<ReturnType<typeof lookupCohort>>;
  try {
    cohort = await lookupCohort(p.code);
  } catch (e) {
    const missing = e instanceof CohortApiError && e.status === 404;
    root.replaceChildren(
      h(
        "section",
        { class: "landing cohort" },
        h(
          "p",
          { class: "form-error", role: "alert" },
          `⚠ ${missing ? ct("cohort.join.notFound") : t("error.network")}`,
        ),
      ),
    );
    return;
  }
  const name = h("input", {
    type: "text",
    name: "name",
    autocomplete: "nickname",
    maxlength: 40,
    required: true,
    value: p.lastName,
  });
  const department = h(
    "select",
    { name: "department" },
    h("option", { value: "" }, ct("cohort.join.department.none")),
    cohort.departments.map((d) => h("option", { value: d.id }, d.label)),
  );
  const nameField = field({
    id: "cohort-name",
    label: ct("cohort.join.name"),
    help: t("landing.name.help"),
    input: name,
  });
  const depField = field({
    id: "cohort-department",
    label: ct("cohort.join.department"),
    help: cohort.avoidOwnDepartment ? ct("cohort.join.department.help") : undefined,
    input: department,
  });
  const status = h(
    "p",
    { class: "form-error", role: "alert", hidden: !!cohort.accepting },
    `⚠ ${ct("cohort.join.closed")}`,
  );
  const submit = h(
    "button",
    { type: "submit", class: "primary", disabled: !cohort.accepting },
    ct("cohort.join.submit"),
  );
  const form = h(
    "form",
    {
      class: "card",
      novalidate: true,
      "aria-labelledby": "cohort-join-title",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        nameField.setError(null);
        status.hidden = true;
        const n = name.value.trim();
        if (!n) {
          nameField.setError(t("error.required", { field: ct("cohort.join.name") }));
          name.focus();
          return;
        }
        submit.disabled = true;
        try {
          const a = await joinCohort(p.code, {
            name: n,
            ...(department.value ? { department: department.value } : {}),
          });
          p.tokens.saveParticipant(p.code, {
            participantToken: a.participantToken,
            name: n,
            department: department.value || null,
          });
          await p.enter(a, n);
        } catch (e) {
          if (e instanceof CohortApiError && e.field === "name") nameField.setError(e.message);
          else {
            status.textContent = `⚠ ${e instanceof CohortApiError && e.status === 409 ? ct("cohort.join.closed") : e instanceof Error && e.message ? e.message : t("error.network")}`;
            status.hidden = false;
          }
          submit.disabled = false;
        }
      },
    },
    h("h1", { id: "cohort-join-title" }, cohort.title || ct("cohort.join.title")),
    h("p", { class: "help" }, ct("cohort.join.title"), ` · ${cohort.code}`),
    nameField.row,
    depField.row,
    status,
    submit,
  );
  root.replaceChildren(h("div", { class: "landing cohort" }, form));
  name.focus();
}
