// Connects the core's bot-policy registry to the server's bots.

export function installPolicies(): void {}
