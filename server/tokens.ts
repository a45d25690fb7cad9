// Secrets and codes. Tokens are random and stored only as hashes, so a leaked log cannot take seats.

import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "../shared/protocol/room.ts";

export function newToken(): string {
  return randomBytes(18).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Whether `token` hashes to `hash`, compared in constant time (no timing hint of a near miss). */
export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newJoinCode(): string {
  let s = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) s += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return s;
}

export function newRoundId(): string {
  return `${Date.now().toString(36)}-${randomBytes(5).toString("hex")}`;
}
