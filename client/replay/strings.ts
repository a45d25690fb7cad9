// The replay page's and "My rounds"' English strings. The client's strings table wins when it has a
// key, so a translation adds these keys to its table; English stays here, next to the code using it.

import { fill, tAny, type Vars } from "../strings/index.ts";

export const replayEn = {
  "rounds.title": "My rounds",
  "rounds.empty": "Rounds you play or run on this device appear here.",
  "rounds.loading": "Looking up your rounds…",
  "rounds.failed": "Your rounds could not be listed: {error}",
  "rounds.col.round": "Round",
  "rounds.col.date": "Date",
  "rounds.col.weeks": "Weeks",
  "rounds.col.status": "Status",
  "rounds.col.role": "My role",
  "rounds.col.team": "Team result",
  "rounds.col.replay": "Replay",
  "rounds.replay": "Replay",
  "rounds.notYet": "after the debrief",
  "rounds.branch": "branch from week {week}",
  "rounds.host": "host",
  "rounds.import": "Import a round",
  "rounds.import.help": "An export.json saved from any Practice Field server.",
  "rounds.import.submit": "Import and replay",
  "rounds.import.failed": "Not imported: {error}",
  "rounds.import.week": "Not imported: week {week} is wrong. {error}",
  "again.title": "Play again with this team",
  "again.sameSeed": "Same demand and shocks (same seed)",
  "again.sharing": "Transparent round: every desk also sees customer demand",
  "again.help":
    "A new round opens in its lobby for the same team: everyone keeps their seat, the bots stay bots. Each player first writes what they will do differently.",
  "again.submit": "Start the next round",
  "again.starting": "Opening the next round…",
  "again.next": "{by} started the next round — write what you will do differently and join.",
  "again.hypothesis": "What will you do differently this time?",
  "again.hypothesis.help":
    "Your teammates see it in the next debrief, beside both rounds' results (at most {max} characters).",
  "again.empty": "Write what you will do differently first.",
  "again.long": "At most {max} characters, please (this has {n}).",
  "again.join": "Join the next round",
  "again.watch": "Watch the next round",
  "replay.loading": "Re-simulating the recorded round…",
  "replay.failed": "This replay cannot be opened: {error}",
  "replay.home": "← Practice Field",
  "replay.subtitle": "team {code} · {weeks} weeks recorded of {horizon}",
  "replay.week": "Week {week} of {last}",
  "replay.board": "The {role} desk's board at this week",
  "replay.play": "▶ Play",
  "replay.pause": "‖ Pause",
  "replay.back": "◀ Week before",
  "replay.forward": "Week after ▶",
  "replay.start": "◀◀ Week 0",
  "replay.end": "Last week ▶▶",
  "replay.speed": "Speed",
  "replay.scrubber": "Week shown",
  "replay.perspective": "Whose desk",
  "replay.system": "Whole system",
  "replay.decided": "Decided for week {week}",
  "replay.decided.none": "No decision after the last recorded week.",
  "replay.by.human": "by {name} (a person)",
  "replay.by.bot": "by a bot",
  "replay.by.default": "by the default (nothing came in time)",
  "replay.kpis": "Key figures",
  "replay.history": "History up to this week",
  "replay.history.empty": "Week 0: nothing has been played yet.",
  "replay.chart.cursor": "The line marks week {week}.",
  "replay.branch": "Play on from here",
  "replay.branch.help":
    "A new round whose weeks 1…{week} are these ones; from week {next} each seat is played as you choose.",
  "replay.branch.me": "a person (me, or someone I invite)",
  "replay.branch.recorded": "its recorded decisions",
  "replay.branch.bot": "bot: {policy}",
  "replay.branch.name": "Your name",
  "replay.branch.submit": "Play on from week {week}",
  "replay.branch.range": "Branching is possible from week {min} to week {max}.",
  "replay.branch.failed": "No branch: {error}",
  "replay.you": "you",
  "replay.source.human": "a person",
  "replay.source.bot": "bot",
  "replay.source.default": "default",
  "replay.parent": "Branched from week {week} of another round.",
} as const;

export type ReplayKey = keyof typeof replayEn;

export function rt(key: ReplayKey, vars?: Vars): string {
  const s = tAny(key, vars);
  return s === key ? fill(replayEn[key], vars) : s;
}
