// "My rounds" and "Import a round" under the landing forms: the rounds this browser's saved tokens
// open, newest first with branches under their parent, each with its replay link.

import { formatUnits } from "../../shared/format/number.ts";
import { scenarios } from "../../shared/scenarios/index.ts";
import { importRound, type MyRound, ReplayApiError } from "../net/replay-api.ts";
import { rt } from "../replay/strings.ts";
import { tData } from "../strings/index.ts";
import { myRoundRows } from "../view/my-rounds.ts";
import { field, h } from "./dom.ts";
import "./my-rounds.css";

export function roleLabel(scenario: string, role: string): string {
  const label = scenarios[scenario]?.roles.find((r) => r.id === role)?.label ?? role;
  return tData(`role.${scenario}.${role}`, label);
}

const dateOf = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });

/** The section, filled in when `rounds` answers; `open` goes to a replay path. */
export function myRoundsSection(rounds: Promise<MyRound[]>, open: (path: string) => void): HTMLElement {
  const body = h(
    "div",
    { class: "my-rounds-body", "aria-live": "polite" },
    h("p", { class: "help" }, rt("rounds.loading")),
  );
  rounds.then(
    (list) => body.replaceChildren(list.length ? table(list) : h("p", { class: "help" }, rt("rounds.empty"))),
    (e: unknown) =>
      body.replaceChildren(h("p", { class: "form-error" }, rt("rounds.failed", { error: String(e) }))),
  );
  return h(
    "section",
    { class: "card my-rounds", "aria-labelledby": "my-rounds-title" },
    h("h2", { id: "my-rounds-title" }, rt("rounds.title")),
    body,
    importForm(open),
  );
}

function table(list: MyRound[]): HTMLElement {
  const rows = myRoundRows(list, roleLabel, dateOf);
  const col = (k: Parameters<typeof rt>[0]) => h("th", { scope: "col" }, rt(k));
  return h(
    "table",
    { class: "rounds" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        col("rounds.col.round"),
        col("rounds.col.date"),
        col("rounds.col.weeks"),
        col("rounds.col.status"),
        col("rounds.col.role"),
        col("rounds.col.team"),
        col("rounds.col.replay"),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { "data-round": r.id, class: r.depth ? "branch" : null },
          h(
            "th",
            { scope: "row" },
            r.depth ? "↳ " : "",
            r.title,
            h("span", { class: "code" }, ` ${r.code}`),
            r.parentWeek !== null
              ? h("small", {}, ` (${rt("rounds.branch", { week: r.parentWeek })})`)
              : null,
          ),
          h("td", {}, r.date),
          h("td", {}, r.weeks),
          h("td", {}, r.status),
          h("td", {}, r.role === "host" ? rt("rounds.host") : r.role),
          h("td", {}, r.team ? `${r.team.label}: ${formatUnits(r.team.value, r.team.unit)}` : "–"),
          h(
            "td",
            {},
            r.href
              ? h("a", { href: r.href, class: "replay-link" }, rt("rounds.replay"))
              : rt("rounds.notYet"),
          ),
        ),
      ),
    ),
  );
}

function importForm(open: (path: string) => void): HTMLElement {
  const input = h("input", {
    type: "file",
    name: "export",
    accept: "application/json,.json",
    required: true,
  });
  const f = field({ id: "import-file", label: rt("rounds.import"), help: rt("rounds.import.help"), input });
  const submit = h("button", { type: "submit" }, rt("rounds.import.submit"));
  return h(
    "form",
    {
      class: "import-round",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const file = input.files?.[0];
        if (!file) return;
        f.setError(null);
        submit.disabled = true;
        try {
          const { replayId } = await importRound(file);
          open(`/replay/${replayId}`);
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          const week = e instanceof ReplayApiError ? e.week : null;
          f.setError(
            week === null ? rt("rounds.import.failed", { error }) : rt("rounds.import.week", { week, error }),
          );
        } finally {
          submit.disabled = false;
        }
      },
    },
    f.row,
    submit,
  );
}
