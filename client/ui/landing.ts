// Landing: join a team with a code or link, or start a team round. Then the seat choice.

import { policyNames } from "../../shared/policies/index.ts";
import type { CreateOptions, PaceMode, PartialRoomLookup, RoomLookup } from "../../shared/protocol/index.ts";
import {
  DEFAULT_SECONDS_PER_WEEK,
  JOIN_CODE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SECONDS_PER_WEEK,
  MAX_SEED,
  MIN_SECONDS_PER_WEEK,
  PACES,
} from "../../shared/protocol/index.ts";
import { scenarios } from "../../shared/scenarios/index.ts";
import { ct } from "../cohort/strings.ts";
import { t, tData } from "../strings/index.ts";
import { refusalOf, refusalSentence } from "../strings/refusals.ts";
import { field, h } from "./dom.ts";

export interface LandingHandlers {
  lastName: string;
  /** A code from the link (?join=CODE), to prefill and look up at once. */
  code: string | null;
  lookup(code: string): Promise<RoomLookup | PartialRoomLookup>;
  join(code: string, name: string, role: string | null): Promise<void>;
  /** Follow the round without a seat (a spectator). */
  watch(code: string, name: string): Promise<void>;
  create(options: CreateOptions): Promise<void>;
  /** Open the trainer's "run a class or workshop" form. */
  cohort(): void;
  /** Shown under the forms ("My rounds"). */
  below?: HTMLElement;
}

/** Scenario options the create form offers, by key of the scenario's defaultOptions. */
const OPTION_FIELDS = [{ key: "weeks", label: "landing.create.horizon" }] as const;

/** A number typed into a bounded field: null when it fits, else the sentence to show by the field. */
function outOfRange(
  input: HTMLInputElement,
  label: string,
  min: number,
  max: number,
  whole: boolean,
): string | null {
  if (input.value.trim() === "") return null;
  const v = Number(input.value);
  if (!Number.isFinite(v) || (whole && !Number.isInteger(v))) return t("error.number", { field: label });
  return v < min || v > max ? t("error.range", { field: label, min, max }) : null;
}

export function renderLanding(root: HTMLElement, handlers: LandingHandlers): void {
  const nameInput = h("input", {
    type: "text",
    name: "name",
    autocomplete: "nickname",
    maxlength: MAX_NAME_LENGTH,
    required: true,
    value: handlers.lastName,
  });

  // ---------------------------------------------------------------- join
  const codeInput = h("input", {
    type: "text",
    name: "code",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    maxlength: JOIN_CODE_LENGTH,
    required: true,
    value: handlers.code ?? "",
    class: "code-input",
  });
  const code = field({
    id: "join-code",
    label: t("landing.join.code"),
    help: t("landing.join.code.help"),
    input: codeInput,
  });
  const joinName = field({
    id: "join-name",
    label: t("landing.name"),
    help: t("landing.name.help"),
    input: nameInput,
  });
  const seatArea = h("div", { class: "seat-choice", "aria-live": "polite" });
  const joinStatus = h("p", { class: "form-error", role: "alert", hidden: true });
  const findButton = h("button", { type: "submit", class: "primary" }, t("landing.join.submit"));
  let found: RoomLookup | PartialRoomLookup | null = null;

  const watchButton = h("button", { type: "button", class: "watch", hidden: true }, t("seat.watch"));
  const showSeats = (room: RoomLookup | PartialRoomLookup) => {
    found = room;
    if (!room.seats) {
      // The server could not list the seats just now: join anyway and choose one in the lobby.
      seatArea.replaceChildren(
        h("p", { class: "found" }, h("strong", {}, room.title ?? room.code), ` · ${room.code}`),
        h("p", { class: "seats-later" }, t("landing.join.seatsLater")),
      );
      findButton.textContent = t("seat.join");
      return;
    }
    const seats = room.seats;
    const legend = h("legend", {}, t("lobby.chooseRole"));
    // In the lobby any free seat; once the round runs, a seat a bot plays can be taken over (not in a
    // cohort's team, whose seats the trainer gives). The server decides; this shows what it allows.
    const open = (x: RoomLookup["seats"][number]) =>
      x.name === "" &&
      (room.phase === "lobby" || (room.phase === "play" && !room.cohort && x.control === "bot"));
    const first = seats.findIndex(open);
    const options = seats.map((s, i) => {
      const free = open(s);
      const id = `seat-${s.role}`;
      const radio = h("input", {
        type: "radio",
        name: "role",
        value: s.role,
        id,
        disabled: !free,
        checked: i === first,
      });
      const holder =
        s.name !== ""
          ? `🔒 ${t("seat.takenBy", { name: s.name })}`
          : free && room.phase === "play"
            ? `⚙ ${t("seat.takeOver")}`
            : free
              ? `○ ${t("seat.free")}`
              : `⚙ ${t("seat.botPlaying")}`;
      return h(
        "div",
        { class: `seat-option${free ? "" : " taken"}` },
        radio,
        h("label", { for: id }, h("strong", {}, s.label), h("span", { class: "seat-holder" }, holder)),
      );
    });
    seatArea.replaceChildren(
      h("p", { class: "found" }, h("strong", {}, room.title), ` · ${room.code}`),
      h("fieldset", {}, legend, ...options),
      ...(first < 0 ? [h("p", { class: "help" }, t("seat.noneFree"))] : []),
      h("p", { class: "help" }, t("seat.watch.help")),
    );
    findButton.textContent = t("seat.join");
    findButton.hidden = first < 0;
    watchButton.hidden = false;
  };
  const forgetSeats = () => {
    found = null;
    seatArea.replaceChildren();
    findButton.textContent = t("landing.join.submit");
    findButton.hidden = false;
    watchButton.hidden = true;
  };
  codeInput.addEventListener("input", () => {
    if (found && codeInput.value.trim().toUpperCase() !== found.code) forgetSeats();
  });
  watchButton.addEventListener("click", async () => {
    if (!found) return;
    joinStatus.hidden = true;
    watchButton.disabled = true;
    try {
      await handlers.watch(found.code, nameInput.value.trim() || t("seat.watcher"));
    } catch (e) {
      joinStatus.textContent = `⚠ ${refusalSentence(refusalOf(e))}`;
      joinStatus.hidden = false;
    } finally {
      watchButton.disabled = false;
    }
  });

  const joinForm = h(
    "form",
    {
      class: "card",
      "aria-labelledby": "join-title",
      novalidate: true,
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        joinStatus.hidden = true;
        code.setError(null);
        joinName.setError(null);
        const c = codeInput.value.trim().toUpperCase();
        if (!c) return code.setError(t("error.required", { field: t("landing.join.code") }));
        findButton.disabled = true;
        try {
          if (!found || found.code !== c) {
            showSeats(await handlers.lookup(c));
            (seatArea.querySelector("input:not([disabled])") as HTMLInputElement | null)?.focus();
            if (!nameInput.value.trim()) nameInput.focus();
            return;
          }
          const name = nameInput.value.trim();
          if (!name) {
            joinName.setError(t("error.required", { field: t("landing.name") }));
            nameInput.focus();
            return;
          }
          const role =
            (seatArea.querySelector("input[name=role]:checked") as HTMLInputElement | null)?.value ?? null;
          await handlers.join(c, name, role);
        } catch (e) {
          const r = refusalOf(e);
          const text = refusalSentence(r);
          if (r.status === 404 || r.status === 400) {
            // The previous code's seats are not this code's.
            forgetSeats();
            code.setError(text);
          } else if (r.field === "name") joinName.setError(text);
          else {
            joinStatus.textContent = `⚠ ${text}`;
            joinStatus.hidden = false;
            // A seat went meanwhile: show the seats as they are now.
            if (found && ["seat_taken", "round_started", "round_full"].includes(r.code ?? ""))
              showSeats(await handlers.lookup(found.code).catch(() => found as RoomLookup));
          }
        } finally {
          findButton.disabled = false;
        }
      },
    },
    h("h2", { id: "join-title" }, t("landing.join.title")),
    code.row,
    joinName.row,
    seatArea,
    joinStatus,
    h("div", { class: "row" }, findButton, watchButton),
  );

  // ---------------------------------------------------------------- create
  const scenarioList = Object.values(scenarios);
  const scenarioSelect = h(
    "select",
    { name: "scenario" },
    scenarioList.map((s) => h("option", { value: s.id }, tData(`scenario.${s.id}.title`, s.title))),
  );
  const paceSelect = h(
    "select",
    { name: "pace" },
    PACES.map((p) => h("option", { value: p }, t(`pace.${p}.short`))),
  );
  paceSelect.addEventListener("change", () => {
    const help = document.getElementById("create-pace-help");
    if (help) help.textContent = t(`pace.${paceSelect.value as PaceMode}`);
  });
  const secondsInput = h("input", {
    type: "number",
    name: "secondsPerWeek",
    min: MIN_SECONDS_PER_WEEK,
    max: MAX_SECONDS_PER_WEEK,
    step: "any",
    value: DEFAULT_SECONDS_PER_WEEK,
    inputmode: "decimal",
  });
  const seedInput = h("input", {
    type: "number",
    name: "seed",
    min: 0,
    max: MAX_SEED,
    step: 1,
    inputmode: "numeric",
    placeholder: "random",
  });
  const createName = h("input", {
    type: "text",
    name: "name",
    autocomplete: "nickname",
    maxlength: MAX_NAME_LENGTH,
    value: handlers.lastName,
  });
  const nameField = field({
    id: "create-name",
    label: t("landing.name"),
    help: t("landing.name.help"),
    input: createName,
  });
  const optionArea = h("div", { class: "options" });
  const seatsArea = h("div", { class: "create-seats" });
  const createStatus = h("p", { class: "form-error", role: "alert", hidden: true });
  const optionInputs = new Map<string, HTMLInputElement>();
  const optionFields = new Map<string, ReturnType<typeof field>>();

  const renderScenario = () => {
    const sc = scenarios[scenarioSelect.value];
    if (!sc) return;
    optionInputs.clear();
    const defaults = sc.defaultOptions as Record<string, unknown>;
    optionArea.replaceChildren(
      h("p", { class: "help" }, tData(`scenario.${sc.id}.summary`, sc.summary)),
      ...OPTION_FIELDS.filter((f) => typeof defaults[f.key] === "number").map((f) => {
        const input = h("input", {
          type: "number",
          name: f.key,
          // The scenario's own bounds, so the form refuses what the server would.
          min: sc.optionBounds?.[f.key]?.min,
          max: sc.optionBounds?.[f.key]?.max,
          step: 1,
          value: String(defaults[f.key]),
          inputmode: "numeric",
        });
        optionInputs.set(f.key, input);
        const fd = field({ id: `opt-${f.key}`, label: t(f.label), input });
        optionFields.set(f.key, fd);
        return fd.row;
      }),
    );
    const policyOptions = (selected: string) =>
      [h("option", { value: "" }, t("landing.create.seatOpen"))].concat(
        policyNames(sc.id).map((p) =>
          h("option", { value: p, selected: p === selected }, t("landing.create.seatBot", { policy: p })),
        ),
      );
    seatsArea.replaceChildren(
      h(
        "fieldset",
        {},
        h("legend", {}, t("landing.create.bots")),
        h("p", { class: "help" }, t("landing.create.bots.help")),
        ...sc.roles.map((r, i) => {
          const id = `create-seat-${r.id}`;
          const mine = h("input", {
            type: "radio",
            name: "myRole",
            value: r.id,
            id: `${id}-mine`,
            checked: i === 0,
          });
          const bot = h(
            "select",
            {
              name: `bot-${r.id}`,
              id: `${id}-bot`,
              "aria-label": t("landing.create.botFor", { role: r.label }),
            },
            policyOptions(""),
          );
          return h(
            "div",
            { class: "create-seat" },
            mine,
            h(
              "label",
              { for: `${id}-mine` },
              h("strong", {}, tData(`role.${sc.id}.${r.id}`, r.label)),
              ` ${t("landing.create.mySeat")}`,
            ),
            bot,
          );
        }),
      ),
    );
  };
  scenarioSelect.addEventListener("change", renderScenario);
  renderScenario();

  const secondsField = field({
    id: "create-seconds",
    label: t("landing.create.weekSeconds"),
    help: t("landing.create.weekSeconds.help"),
    input: secondsInput,
  });
  const seedField = field({
    id: "create-seed",
    label: t("landing.create.seed"),
    help: t("landing.create.seed.help"),
    input: seedInput,
  });
  /** Where a refusal naming `pace.secondsPerWeek`, `options.weeks`, `name` or `seed` is shown. */
  const fieldFor = (name: string | undefined) => {
    if (!name) return null;
    if (name === "name") return nameField;
    if (name.startsWith("pace")) return secondsField;
    if (name === "seed") return seedField;
    if (name.startsWith("options.")) return optionFields.get(name.slice(8)) ?? null;
    return null;
  };
  const createButton = h("button", { type: "submit", class: "primary" }, t("landing.create.submit"));
  const createForm = h(
    "form",
    {
      class: "card",
      "aria-labelledby": "create-title",
      novalidate: true,
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        createStatus.hidden = true;
        for (const f of [nameField, secondsField, seedField, ...optionFields.values()]) f.setError(null);
        const name = createName.value.trim();
        if (!name) {
          nameField.setError(t("error.required", { field: t("landing.name") }));
          createName.focus();
          return;
        }
        // The limits the server checks, from the same tables (protocol and scenario bounds).
        const sc = scenarios[scenarioSelect.value];
        type Check = [ReturnType<typeof field>, HTMLInputElement, string | null];
        const checks: Check[] = [
          [
            secondsField,
            secondsInput,
            outOfRange(
              secondsInput,
              t("landing.create.weekSeconds"),
              MIN_SECONDS_PER_WEEK,
              MAX_SECONDS_PER_WEEK,
              false,
            ),
          ],
          [seedField, seedInput, outOfRange(seedInput, t("landing.create.seed"), 0, MAX_SEED, true)],
          ...OPTION_FIELDS.flatMap((f) => {
            const input = optionInputs.get(f.key);
            const fd = optionFields.get(f.key);
            const b = sc?.optionBounds?.[f.key];
            return input && fd && b
              ? [[fd, input, outOfRange(input, t(f.label), b.min, b.max, true)] as Check]
              : [];
          }),
        ];
        const wrong = checks.find(([, , problem]) => problem !== null);
        if (wrong) {
          wrong[0].setError(wrong[2]);
          wrong[1].focus();
          return;
        }
        const options: Record<string, number> = {};
        for (const [k, input] of optionInputs) if (input.value !== "") options[k] = Number(input.value);
        const bots: Record<string, { policy: string }> = {};
        for (const sel of seatsArea.querySelectorAll("select")) {
          if (sel.value) bots[sel.name.slice(4)] = { policy: sel.value };
        }
        const role = (seatsArea.querySelector("input[name=myRole]:checked") as HTMLInputElement | null)
          ?.value;
        const seed = seedInput.value === "" ? undefined : Number(seedInput.value);
        createButton.disabled = true;
        try {
          await handlers.create({
            scenario: scenarioSelect.value,
            options,
            pace: {
              mode: paceSelect.value as PaceMode,
              secondsPerWeek: Number(secondsInput.value) || DEFAULT_SECONDS_PER_WEEK,
            },
            ...(seed === undefined ? {} : { seed }),
            bots,
            name,
            ...(role ? { role } : {}),
          });
        } catch (e) {
          const r = refusalOf(e);
          const at = fieldFor(r.field);
          const b = r.field?.startsWith("options.") ? sc?.optionBounds?.[r.field.slice(8)] : undefined;
          if (at && r.field?.startsWith("pace"))
            at.setError(
              t("error.range", {
                field: t("landing.create.weekSeconds"),
                min: MIN_SECONDS_PER_WEEK,
                max: MAX_SECONDS_PER_WEEK,
              }),
            );
          else if (at && b) at.setError(t("error.range", { field: t("landing.create.horizon"), ...b }));
          else if (at) at.setError(refusalSentence(r));
          else {
            createStatus.textContent = `⚠ ${refusalSentence(r)}`;
            createStatus.hidden = false;
          }
        } finally {
          createButton.disabled = false;
        }
      },
    },
    h("h2", { id: "create-title" }, t("landing.create.title")),
    nameField.row,
    field({ id: "create-scenario", label: t("landing.create.scenario"), input: scenarioSelect }).row,
    optionArea,
    h(
      "div",
      { class: "field-pair" },
      field({
        id: "create-pace",
        label: t("landing.create.pace"),
        help: t("pace.lockstep"),
        input: paceSelect,
      }).row,
      secondsField.row,
    ),
    seatsArea,
    h("details", { class: "more" }, h("summary", {}, t("landing.create.more")), seedField.row),
    createStatus,
    createButton,
  );

  root.replaceChildren(
    h(
      "div",
      { class: "landing" },
      h("header", { class: "landing-head" }, h("h1", {}, t("app.title")), h("p", {}, t("app.tagline"))),
      h("div", { class: "landing-forms" }, joinForm, createForm),
      h(
        "p",
        { class: "cohort-entry" },
        h("button", { type: "button", onclick: () => handlers.cohort() }, ct("cohort.entry")),
        ` ${ct("cohort.entry.help")}`,
      ),
      handlers.below,
    ),
  );
  if (handlers.code) {
    nameInput.focus();
    joinForm.requestSubmit();
  } else codeInput.focus();
}
