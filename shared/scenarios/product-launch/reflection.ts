// Questions for the debrief, once the whole system is on the screen.

export const reflection: readonly string[] = [
  "Which problem did your desk feel first, and in which department did it actually begin? How many weeks lay between the two?",
  "Name one decision you made that was right by your own score. Where did its effect land, and when did you find out?",
  "Engineering reported steady progress while defects were piling up unseen. What would you have needed to see earlier, and who had it?",
  "When orders fell, was it the market? Trace the orders curve back through delivery delay and field failures to the decisions behind them.",
  "If you played again, what one experiment would you run, and what would you watch to learn whether it worked?",
];
