// The team-room protocol: what a client (browser, bot, or a third-party program) sends and receives.
// docs/protocol.md describes it in prose.

export * from "./again.ts";
export * from "./errors.ts";
export * from "./messages.ts";
export * from "./observation.ts";
export * from "./room.ts";
