// The client's screens in order — landing, lobby, desk, debrief — driven by the room's phase.

import type { AgainNextMessage } from "../shared/protocol/again.ts";
import type {
  CohortMovedMessage,
  CohortLeadMessage as LeadMessage,
  NoticeMessage,
  ReflectMessage,
} from "../shared/protocol/cohort.ts";
import type { CreateOptions } from "../shared/protocol/index.ts";
import type { CohortDebriefHandle } from "./cohort/debrief-view.ts";
import type { CohortLayer } from "./cohort/desk-layer.ts";
import { ct } from "./cohort/strings.ts";
import { CohortTokens } from "./cohort/tokens.ts";
import { type BranchAnswer, myRounds, openReplay } from "./net/replay-api.ts";
import { memoryStore, type SavedSeat, SeatStore } from "./net/seat-store.ts";
import { type CohortDeskMessage, lookupRoom, Session } from "./net/session.ts";
import { t, tAny } from "./strings/index.ts";
import { refusalOf, refusalSentence } from "./strings/refusals.ts";
import type { DeskScreen } from "./ui/desk.ts";
import { h } from "./ui/dom.ts";
import { renderLanding } from "./ui/landing.ts";
import { LobbyScreen } from "./ui/lobby.ts";
import { myRoundsSection } from "./ui/my-rounds.ts";

type Screen =
  | { kind: "landing" }
  | { kind: "connecting" }
  | { kind: "elsewhere" }
  | { kind: "lobby"; view: LobbyScreen }
  | { kind: "desk"; view: DeskScreen | null }
  | { kind: "debrief"; unmount: () => void }
  | { kind: "replay"; page: import("./replay/page.ts").ReplayPage | null }
  | { kind: "cohort"; view: CohortDebriefHandle | null };

function browserStorage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  try {
    window.localStorage.setItem("pf.probe", "1");
    window.localStorage.removeItem("pf.probe");
    return window.localStorage;
  } catch {
    return memoryStore();
  }
}

export class App {
  readonly root: HTMLElement;
  readonly storage = browserStorage();
  readonly seats = new SeatStore(this.storage);
  readonly cohortTokens = new CohortTokens(this.storage);
  private cohortLayer: CohortLayer | null = null;
  /** A cohort participant's name and ticket: what a move by the trainer rejoins with. */
  private cohortSeat: { name: string; ticket: string } | null = null;
  session: Session | null = null;
  screen: Screen = { kind: "landing" };
  private rejoining = false;

  constructor(root: HTMLElement) {
    this.root = root;
  }

  start(): void {
    const query = new URLSearchParams(window.location.search);
    const consoleId = query.get("console");
    if (consoleId) {
      // The console and its QR/chart code are their own chunk: participants never load them.
      void import("./cohort/console.ts").then(({ mountConsole }) =>
        mountConsole(this.root, { id: consoleId, tokens: this.cohortTokens }),
      );
      return;
    }
    const cohortCode = query.get("cohort")?.trim().toUpperCase();
    if (cohortCode) {
      void import("./cohort/participant-page.ts").then(({ renderParticipant }) =>
        renderParticipant(this.root, {
          code: cohortCode,
          lastName: this.seats.lastName(),
          tokens: this.cohortTokens,
          enter: async (a, name) => {
            this.cohortSeat = { name, ticket: a.participantToken };
            void loadDesk();
            await this.connect((s) => s.join(a.team, name, a.role, a.participantToken));
            (await this.layer()).notice({ text: a.note, at: Date.now() }, ct("cohort.join.assigned"));
          },
        }),
      );
      return;
    }
    const replayId = /^\/replay\/([^/]+)/.exec(window.location.pathname)?.[1];
    if (replayId) {
      this.replay(decodeURIComponent(replayId));
      return;
    }
    const code = query.get("join")?.trim().toUpperCase() || null;
    const saved = code ? this.seats.get(code) : null;
    if (code && saved?.seatToken) {
      // A reload, or the link opened again on this device: take the seat back without asking. The
      // desk's code (Phaser) loads while the connection is made.
      void loadDesk();
      this.connect((s) => s.join(code, saved.name || this.seats.lastName() || "Player")).catch(() =>
        this.landing(code),
      );
      return;
    }
    this.landing(code);
  }

  /** The desk on screen, if any (tests read the game from it). */
  get desk(): DeskScreen | null {
    return this.screen.kind === "desk" ? this.screen.view : null;
  }

  private landing(code: string | null): void {
    this.screen = { kind: "landing" };
    renderLanding(this.root, {
      lastName: this.seats.lastName(),
      code,
      lookup: (c) => lookupRoom(c),
      join: (c, name, role) => this.connect((s) => s.join(c, name, role ?? undefined)),
      watch: (c, name) => this.connect((s) => s.watch(c, name)),
      create: (options: CreateOptions) => this.connect((s) => s.create(options)),
      below: myRoundsSection(myRounds(this.seats.all(), this.cohortTokens.trainers()), (path) =>
        window.location.assign(path),
      ),
      cohort: () =>
        void import("./cohort/create-page.ts").then(({ renderCreateCohort }) =>
          renderCreateCohort(this.root, this.cohortTokens, () => this.landing(null)),
        ),
    });
  }

  private layer(): Promise<CohortLayer> {
    return import("./cohort/desk-layer.ts").then(({ CohortLayer }) => {
      this.cohortLayer ??= new CohortLayer();
      return this.cohortLayer;
    });
  }

  /** A cohort's messages reach every participant's screen, whatever it shows. */
  private onCohort(type: CohortDeskMessage, body: unknown): void {
    if (type === "notice") void this.layer().then((l) => l.notice(body as NoticeMessage));
    else if (type === "reflect")
      void this.layer().then((l) =>
        l.reflect(body as ReflectMessage, (answer) => this.session?.room?.send("reflect:answer", answer)),
      );
    else if (type === "cohort:moved") this.followMove(body as CohortMovedMessage);
    else this.followLead(body as LeadMessage);
  }

  /**
   * The trainer moved this participant to another seat (join it with the same ticket) or gave the
   * seat to its bot. The old room closes this connection next: stop listening to it first, so its
   * close does not rejoin the seat just left.
   */
  private followMove(move: CohortMovedMessage): void {
    this.session?.room?.removeAllListeners();
    this.session = null;
    this.teardown();
    const seat = this.cohortSeat;
    const say = (text: string) =>
      this.root.replaceChildren(h("section", { class: "landing cohort" }, h("p", { role: "status" }, text)));
    if (!move.team || !seat) {
      say(ct("cohort.moved.bot"));
      return;
    }
    const team = move.team;
    say(ct("cohort.moved.joining"));
    this.connect((s) => s.join(team, seat.name, move.role ?? undefined, seat.ticket)).then(
      async () => (await this.layer()).notice({ text: ct("cohort.moved.note"), at: Date.now() }),
      () => say(ct("cohort.moved.failed")),
    );
  }

  /** The trainer leads the cohort debrief: this screen opens it at the trainer's panel. */
  private followLead(lead: LeadMessage): void {
    if (this.screen.kind === "cohort") {
      this.screen.view?.show(lead.panel);
      return;
    }
    this.teardown();
    const screen: Screen = { kind: "cohort", view: null };
    this.screen = screen;
    this.root.replaceChildren(h("p", { class: "loading", role: "status" }, t("app.loading")));
    void import("./cohort/debrief-view.ts").then(({ mountCohortDebrief }) => {
      if (this.screen !== screen) return;
      screen.view = mountCohortDebrief(this.root, {
        cohort: lead.cohort,
        panel: lead.panel,
        token: null,
        ownTeam: () => {
          this.teardown();
          this.render();
        },
      });
    });
  }

  /** The replay page (its own chunk): the recorded round at `/replay/<id>`. */
  private replay(id: string): void {
    const screen: Screen = { kind: "replay", page: null };
    this.screen = screen;
    // The record loads while the page's code does; the board's engine only once the page is up.
    const answer = openReplay(id, this.seats.all(), (cohort) => this.cohortTokens.trainer(cohort));
    answer.catch(() => {});
    void import("./replay/page.ts").then(async ({ mountReplay }) => {
      const page = await mountReplay(this.root, answer, {
        lastName: this.seats.lastName(),
        seatFor: (code) => {
          const s = this.seats.get(code);
          return s ? { role: s.role, token: s.hostToken ?? s.seatToken } : null;
        },
        branched: (b, name, seat) => this.joinBranch(b, name, seat),
      });
      if (this.screen === screen) screen.page = page;
      else page.destroy();
    });
  }

  /** A branch is a new round in its lobby: this browser holds its host token and joins it. */
  private joinBranch(b: BranchAnswer, name: string, seat: string | null): void {
    this.seats.save({ code: b.code, name, role: null, seatToken: null, hostToken: b.hostToken });
    window.history.pushState(null, "", "/");
    this.teardown();
    this.connect((s) => s.join(b.code, name, seat ?? undefined)).catch((e: unknown) => {
      this.toast(refusalSentence(refusalOf(e)));
      this.landing(b.code);
    });
  }

  /** The replay page on screen, if any (tests read its week and perspective). */
  get replayPage(): import("./replay/page.ts").ReplayPage | null {
    return this.screen.kind === "replay" ? this.screen.page : null;
  }

  private async connect(how: (s: Session) => Promise<void>): Promise<void> {
    const session = new Session(this.seats);
    await how(session);
    this.session?.room?.removeAllListeners();
    this.session = session;
    const code = session.welcome?.code;
    if (code) window.history.replaceState(null, "", `${window.location.pathname}?join=${code}${testQuery()}`);
    session.on("change", () => this.render());
    session.on("error", (e) => {
      // The debrief and the play-again card answer their own requests' refusals.
      if (e.request.startsWith(DEBRIEF_PREFIX) || e.request === AGAIN_MESSAGES.start) return;
      if (this.screen.kind === "desk") this.screen.view?.onError(e);
      else this.toast(refusalSentence(refusalOf(e)));
    });
    session.on("cohort", (type, body) => this.onCohort(type, body));
    session.on("accepted", (a) => {
      if (this.screen.kind === "desk") this.screen.view?.onAccepted(a);
    });
    this.render();
  }

  private render(): void {
    const s = this.session;
    const snap = s?.snap;
    const welcome = s?.welcome;
    if (!s || !snap || !welcome) return;
    // The cohort debrief stays until the participant goes back to their own team.
    if (this.screen.kind === "cohort") return;
    if (s.connectivity === "replaced") {
      this.openElsewhere(welcome.code);
      return;
    }
    if (s.connectivity === "closed") this.rejoin();
    const phase = snap.phase;
    if (phase === "lobby") {
      if (this.screen.kind !== "lobby") {
        this.teardown();
        // Fetch the desk while the team gathers, so Start opens it at once.
        void loadDesk();
        this.screen = {
          kind: "lobby",
          view: new LobbyScreen(this.root, {
            role: s.role,
            isHost: s.isHost,
            takeSeat: (r) => this.session?.takeSeat(r),
            setReady: (r) => this.session?.setReady(r),
            start: () => this.session?.host({ action: "start" }),
          }),
        };
      }
      this.screen.view.update(snap, s.role);
      return;
    }
    if (phase === "play" && welcome.role) {
      if (this.screen.kind !== "desk") {
        this.teardown();
        const screen: Screen = { kind: "desk", view: null };
        this.screen = screen;
        this.root.replaceChildren(h("p", { class: "loading", role: "status" }, t("app.loading")));
        void loadDesk().then(({ DeskScreen }) => {
          if (this.screen !== screen) return;
          screen.view = new DeskScreen(this.root, {
            welcome,
            isHost: s.isHost,
            decide: (week, d) => this.session?.decide(week, d),
            host: {
              pause: () => this.session?.host({ action: "pause" }),
              resume: () => this.session?.host({ action: "resume" }),
              speed: (secondsPerWeek) => this.session?.host({ action: "speed", secondsPerWeek }),
              pace: (mode, secondsPerWeek) => this.session?.host({ action: "pace", mode, secondsPerWeek }),
              end: () => this.session?.host({ action: "end" }),
            },
          });
          this.render();
        });
        return;
      }
      this.screen.view?.update(snap, s.weeks);
      this.screen.view?.setConnectivity(s.connectivity);
      return;
    }
    if (phase === "play") {
      // A spectator (a facilitator without a seat) sees only what is public: the week and the seats.
      if (this.screen.kind !== "connecting") this.teardown();
      const seats = snap.seats.map((x) => `${x.label}: ${x.name || t("seat.bot")}${x.decided ? " ✓" : ""}`);
      this.root.replaceChildren(
        h(
          "section",
          { class: "lobby", "aria-live": "polite" },
          h("h1", {}, snap.title),
          h(
            "p",
            {},
            t(snap.horizonApproximate ? "pace.weekAbout" : "pace.week", {
              week: snap.week + 1,
              horizon: snap.horizon,
            }),
          ),
          h("ul", {}, ...seats.map((x) => h("li", {}, x))),
        ),
      );
      return;
    }
    if (phase === "debrief") {
      if (this.screen.kind === "debrief" || !s.room) return;
      const room = s.room;
      this.teardown();
      const screen: Extract<Screen, { kind: "debrief" }> = { kind: "debrief", unmount: () => {} };
      this.screen = screen;
      this.root.replaceChildren(h("p", { class: "loading", role: "status" }, t("app.loading")));
      // The debrief is its own chunk: players load it when the round ends.
      void import("./debrief/index.ts").then(({ mountDebrief }) => {
        if (this.screen !== screen) return;
        screen.unmount = mountDebrief(this.root, {
          room,
          role: welcome.role ?? "",
          isHost: s.isHost,
          hostToken: s.hostToken,
          t: tAny,
        });
        this.aroundDebrief(s, screen);
      });
    }
  }

  /** A way home, and "Play again" for the next round of this team. */
  private aroundDebrief(session: Session, screen: Extract<Screen, { kind: "debrief" }>): void {
    const welcome = session.welcome!;
    const room = session.room!;
    // A way out for everyone, seat or not.
    this.root.append(
      h(
        "nav",
        { class: "card debrief-ways", "aria-label": t("app.home") },
        h("a", { href: "/", class: "button-link", id: "debrief-home" }, t("app.home")),
        h("span", { class: "help" }, ` ${t("app.home.help")}`),
      ),
    );
    const mayStart = Boolean(welcome.role) || session.isHost;
    // The card (and the scenario it reads) comes with the debrief's chunk.
    void import("./ui/play-again.ts").then(({ PlayAgainCard }) => {
      if (this.screen !== screen) return;
      let next: AgainNextMessage | null = null;
      const card = new PlayAgainCard({
        scenario: welcome.scenario,
        seated: Boolean(welcome.role),
        mayStart,
        start: (choice) =>
          room.send(AGAIN_MESSAGES.start, {
            ...choice,
            ...(session.hostToken ? { hostToken: session.hostToken } : {}),
          }),
        join: (hypothesis) => this.joinNext(welcome.code, next!, hypothesis),
      });
      if (mayStart) this.root.append(card.el);
      // Told by the room (the one who started also gets the next round's host token), or read from
      // its state after a reload: where the team went.
      const told = (n: AgainNextMessage) => {
        next = { ...n, hostToken: n.hostToken ?? next?.hostToken };
        // Kept at once: a reload before joining still leads the next round.
        if (n.hostToken) this.keepNextSeat(welcome.code, n);
        card.next(n.by);
        this.root.prepend(card.el);
      };
      const offMessage = room.onMessage(AGAIN_MESSAGES.next, told) as unknown;
      const fromState = () => {
        const snap = session.snap;
        if (snap?.next && !next) told({ code: snap.next.code, by: snap.next.by });
      };
      const offChange = session.on("change", fromState);
      const offError = session.on("error", (e) => {
        if (e.request === AGAIN_MESSAGES.start) card.refused(refusalSentence(refusalOf(e)));
      });
      fromState();
      const unmount = screen.unmount;
      screen.unmount = () => {
        offChange();
        offError();
        if (typeof offMessage === "function") (offMessage as () => void)();
        unmount();
      };
    });
  }

  /**
   * The seat this browser holds in the team's next round: the finished round's seat token (which the
   * next round holds the same seat for), and the next round's host token if it was given here.
   */
  private keepNextSeat(code: string, next: AgainNextMessage): SavedSeat {
    const seat = this.seats.get(code);
    this.seats.save({
      code: next.code,
      name: seat?.name || this.session?.name || this.seats.lastName() || "Player",
      role: seat?.role ?? null,
      seatToken: seat?.seatToken ?? null,
      hostToken: next.hostToken ?? null,
    });
    return this.seats.get(next.code)!;
  }

  /**
   * Joins the team's next round: the seat token of the finished round takes the same seat there,
   * then the hypothesis goes to the server, which keeps it with the next round.
   */
  private async joinNext(code: string, next: AgainNextMessage, hypothesis: string | null): Promise<void> {
    const seat = this.keepNextSeat(code, next);
    const name = seat.name;
    // The finished round's room is left first, so its last patches cannot bring its debrief back.
    const finished = this.session;
    this.session = null;
    this.teardown();
    void finished?.room?.leave().catch(() => {});
    try {
      await this.connect((s) => (seat.seatToken ? s.join(next.code, name) : s.watch(next.code, name)));
    } catch (e) {
      this.toast(refusalSentence(refusalOf(e)));
      this.landing(next.code);
      return;
    }
    if (hypothesis)
      (this.session as Session | null)?.room?.send(AGAIN_MESSAGES.hypothesis, { text: hypothesis });
  }

  private teardown(): void {
    const sc = this.screen;
    if (sc.kind === "lobby") sc.view.destroy();
    else if (sc.kind === "desk") sc.view?.destroy();
    else if (sc.kind === "debrief") sc.unmount();
    else if (sc.kind === "replay") sc.page?.destroy();
    else if (sc.kind === "cohort") sc.view?.destroy();
    this.screen = { kind: "connecting" };
  }

  /**
   * Another tab took this seat: this one lets it go and offers to take it back. Only a click takes
   * it, so two open tabs never knock each other off by themselves.
   */
  private openElsewhere(code: string): void {
    if (this.screen.kind === "elsewhere") return;
    const s = this.session;
    this.teardown();
    this.screen = { kind: "elsewhere" };
    const button = h("button", { type: "button", class: "primary" }, t("seat.takeBack"));
    button.addEventListener("click", () => {
      button.disabled = true;
      this.connect((next) => next.join(code, s?.name || this.seats.lastName() || "Player")).catch(
        (e: unknown) => {
          button.disabled = false;
          this.toast(refusalSentence(refusalOf(e)));
        },
      );
    });
    this.root.replaceChildren(
      h(
        "section",
        { class: "lobby elsewhere", "aria-live": "polite" },
        h("h1", {}, t("seat.elsewhere")),
        h("p", {}, t("seat.elsewhere.help")),
        button,
      ),
    );
  }

  /** After the server restarts, the SDK cannot resume: join again with the seat token. */
  private rejoin(): void {
    const s = this.session;
    const code = s?.welcome?.code;
    if (this.rejoining || !s || !code || this.screen.kind === "debrief") return;
    this.rejoining = true;
    const attempt = async (n: number): Promise<void> => {
      try {
        await this.connect((next) => next.join(code, s.name || this.seats.lastName() || "Player"));
        this.rejoining = false;
      } catch {
        if (n < 60) window.setTimeout(() => void attempt(n + 1), 1000);
        else this.rejoining = false;
      }
    };
    window.setTimeout(() => void attempt(0), 500);
  }

  private toast(text: string): void {
    const el = h("p", { class: "toast", role: "alert" }, `⚠ ${text}`);
    document.body.append(el);
    window.setTimeout(() => el.remove(), 5000);
  }
}

/** Checked against the protocol's constants by the type, without loading the protocol's schemas. */
const DEBRIEF_PREFIX: typeof import("../shared/protocol/messages.ts").DEBRIEF_PREFIX = "debrief:";
const AGAIN_MESSAGES: typeof import("../shared/protocol/again.ts").AGAIN_MESSAGES = {
  start: "again:start",
  next: "again:next",
  hypothesis: "again:hypothesis",
};

/** The desk brings Phaser and the chart library: the landing page does not wait for them. */
let desk: Promise<typeof import("./ui/desk.ts")> | null = null;
function loadDesk(): Promise<typeof import("./ui/desk.ts")> {
  desk ??= import("./ui/desk.ts");
  return desk;
}

/** Keeps the test flag across the URL rewrite. */
function testQuery(): string {
  return new URLSearchParams(window.location.search).has("test") ? "&test=1" : "";
}
