// The debrief's English strings. The client's strings table (ctx.t) wins when it has a key, so a
// translation adds these keys to its table; English stays here, next to the panels that use it.

import { fill, type Vars } from "../strings/index.ts";

export const debriefEn = {
  "debrief.title": "Debrief",
  "debrief.subtitle": "{title} · team {code} · {weeks} weeks",
  "debrief.panel.belief": "Belief",
  "debrief.panel.system": "Whole system",
  "debrief.panel.loops": "Loops",
  "debrief.panel.rule": "Your decision rule",
  "debrief.panel.ghost": "Ghost run",
  "debrief.panel.reflection": "Reflection",
  "debrief.menu": "Panel",
  "debrief.locked": "Sketch first: the other panels open when the truth is revealed.",
  "debrief.loading": "Loading the recorded round…",
  "debrief.follow.lead": "Lead: everyone follows me",
  "debrief.follow.leading": "You are leading: everyone sees your panel",
  "debrief.follow.stop": "Stop leading",
  "debrief.follow.following": "Following the host",
  "debrief.follow.left": "You left the host's view",
  "debrief.follow.rejoin": "Follow the host",
  "debrief.export.png": "Charts as PNG",
  "debrief.export.csv": "Round as CSV",
  "debrief.export.json": "Round as JSON",
  "debrief.belief.prompt":
    "Before anything is shown: sketch {series} week by week on the empty chart, as you believe it went. You never saw it during play.",
  "debrief.belief.watch": "Each player sketches a series their own desk never showed them.",
  "debrief.belief.help": "Drag across the chart to draw; draw again over a week to change it.",
  "debrief.belief.cause": "What caused the trouble, and where?",
  "debrief.belief.category": "Mostly…",
  "debrief.belief.clear": "Clear",
  "debrief.belief.submit": "Submit my sketch",
  "debrief.belief.resubmit": "Update my sketch",
  "debrief.belief.empty": "Draw at least one week first.",
  "debrief.belief.waiting": "Sketches in: {in} of {total}. Waiting for: {who}.",
  "debrief.belief.allIn": "Every sketch is in.",
  "debrief.belief.reveal": "Reveal the truth now",
  "debrief.belief.revealed":
    "The truth (black) over every sketch: each role drew a series it could not see during play.",
  "debrief.belief.truth": "Truth",
  "debrief.belief.sketch": "Sketch",
  "debrief.belief.noSketch": "No sketch was submitted before the reveal.",
  "debrief.belief.said": "Said: “{cause}”",
  "debrief.system.hover": "Week {week}",
  "debrief.system.hoverHint": "Hover a chart to see every role's numbers for that week.",
  "debrief.system.figures": "Amplification, peaks and lags",
  "debrief.system.role": "Role",
  "debrief.system.amp": "Amplification",
  "debrief.system.ampHelp":
    "Amplification: variance of each role's main decision ÷ variance of {reference}. Lags in weeks; a negative peak lag peaked before {reference} did.",
  "debrief.system.peak": "Peak (week)",
  "debrief.system.peakLag": "Peak lag",
  "debrief.system.phaseLag": "Lag behind incoming",
  "debrief.system.phaseLagRef": "Lag behind {reference}",
  "debrief.system.weeks": "{n} wk",
  "debrief.system.flat": "Did not change: {value} every week",
  "debrief.system.notCompared":
    "Not compared: its decisions are shares of its time, not a quantity passed on",
  "debrief.system.score": "{label}, the team's score: {value}",
  "debrief.system.costs": "Where the cost came from",
  "debrief.system.total": "Team",
  "debrief.system.reference": "{series} (reference)",
  "debrief.chain.title": "The chain, week by week",
  "debrief.chain.lead":
    "One row per echelon, the customers at the top. Orders travel up the arrows, cases travel down, each with its delay. Move the slider and follow an order up the chain.",
  "debrief.chain.week": "Week",
  "debrief.chain.strip": "{role}: orders placed week by week, week {week} marked",
  "debrief.chain.follow": "Follow the order of",
  "debrief.chain.customers": "Customers",
  "debrief.chain.demand": "ordered {n}",
  "debrief.chain.inventory": "Inventory",
  "debrief.chain.backlog": "Backlog",
  "debrief.chain.incoming": "Order read",
  "debrief.chain.order": "Order placed",
  "debrief.chain.shipped": "Shipped",
  "debrief.chain.up": "↑ orders: {n} in the mail · {w} weeks to be read",
  "debrief.chain.down": "↓ cases: {n} on the road · {w} weeks to arrive",
  "debrief.chain.source": "{label}: brews the request it reads {o} week later; {w} weeks to stock",
  "debrief.chain.traceOrder": "{who} order of {n} in week {week}",
  "debrief.chain.traceRead": "read by the {role} in week {week} (its backlog {backlog})",
  "debrief.chain.tracePeak": "the {role}'s largest order in the next {k} weeks: {n} in week {week}",
  "debrief.chain.traceEnd": "the factory's peak of {n} in week {week}",
  "debrief.chain.traceCut": "the round ended before the next echelon read it",
  "debrief.loops.intro":
    "The feedback loops that connected your desks, each priced by re-running your round with one of its links held at its reference value. Choose a loop to shade the weeks it moved the team's money most.",
  "debrief.loops.activity": "What each loop was worth to the team, week by week",
  "debrief.loops.closedByDecisions": "closed by decisions",
  "debrief.loops.closedByStructure": "closed by the model",
  "debrief.loops.notPriced": "not priced",
  "debrief.loops.shaded": "Shaded: weeks in which “{loop}” moved the team's money more than any other loop",
  "debrief.loops.choose": "Choose a loop above.",
  "debrief.rule.intro": "Each player's orders, fitted to the anchoring-and-adjustment rule (Sterman 1989).",
  "debrief.rule.param": "Parameter",
  "debrief.rule.yours": "Fitted",
  "debrief.rule.interval": "90% interval",
  "debrief.rule.typical": "Typical player",
  "debrief.rule.meaning": "In plain words",
  "debrief.rule.none": "No decision-rule fit is available for this scenario.",
  "debrief.rule.you": "you",
  "debrief.rule.bot": "played by a bot",
  "debrief.rule.benchIntro":
    "Each week, the {policy} policy was shown exactly what each desk saw and asked what it would decide. Here is each player's rule next to it.",
  "debrief.rule.decision": "Decision",
  "debrief.rule.yoursMean": "Yours (mean)",
  "debrief.ghost.intro":
    "Replay the same round — same seed, same demand — with some roles played by a bot, and choose the question: do the other roles keep what they did, or react to the new world?",
  "debrief.ghost.others": "The other roles",
  "debrief.ghost.others.recorded": "Others frozen as recorded",
  "debrief.ghost.others.react": "Others react (their bots)",
  "debrief.ghost.question.recorded":
    "What if only this rule had changed, everyone else doing exactly what they did?",
  "debrief.ghost.question.react":
    "What if the others, played by their bots ({policy}), had reacted to it week by week?",
  "debrief.ghost.keptLine": "kept as played",
  "debrief.ghost.reactLine": "its bot, reacting",
  "debrief.ghost.roles": "Replace",
  "debrief.ghost.all": "Every role",
  "debrief.ghost.policy": "by the policy",
  "debrief.ghost.run": "Run the ghost",
  "debrief.ghost.none": "No ghost run yet.",
  "debrief.ghost.result": "Ghost: {roles} played by {policy}; {others}. {result}: {ghost} (real run {real}).",
  "debrief.original.title": "The original round",
  "debrief.original.lead":
    "This round branched from another at week {week}: until then both are the same. The dashed lines are the original from there on. {result}: {real} here, {original} in the original.",
  "debrief.original.line": "{role} (original)",
  "debrief.again.title": "This round beside the last one",
  "debrief.again.lead":
    "Before this round each of you wrote what you would do differently. {result}: {before} last round, {now} this round. The dashed lines are last round's.",
  "debrief.again.seat": "Seat",
  "debrief.again.players": "Played by",
  "debrief.again.hypothesis": "What they would do differently",
  "debrief.again.none": "nothing written",
  "debrief.again.bot": "bot",
  "debrief.again.costBefore": "Cost last round",
  "debrief.again.costNow": "Cost this round",
  "debrief.again.line": "{role} (last round)",
  "debrief.again.mine": "Before this round you wrote:",
  "debrief.ghost.realLine": "{role}",
  "debrief.ghost.ghostLine": "{role} (ghost)",
  "debrief.reflect.intro":
    "Shared notes: everyone sees and edits the same notes. They are saved with the round.",
  "debrief.reflect.save": "Save note",
  "debrief.reflect.saved": "Saved by {name}",
  "debrief.reflect.unsaved": "Not saved yet",
} as const;

export type DebriefKey = keyof typeof debriefEn;

/** A translator over the client's table with the debrief's English as fallback. */
export function debriefStrings(t?: (key: string, vars?: Vars) => string) {
  return (key: DebriefKey, vars?: Vars): string => {
    const s = t?.(key, vars);
    return s !== undefined && s !== key ? s : fill(debriefEn[key], vars);
  };
}

export type Tr = ReturnType<typeof debriefStrings>;
