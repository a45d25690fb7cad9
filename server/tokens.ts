// Secrets and codes. Tokens are random and stored only as hashes, so a leaked log cannot take seats.

import { createHash, randomBytes, randomInt } from "node:crypto";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "../shared/protocol/room.ts";

export function newToken(): string {
  return randomBytes(18).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function newJoinCode(): string {
  let s = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) s += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return s;
}

export function newRoundId(): string {
  return `${Date.now().toString(36)}-${randomBytes(5).toString("hex")}`;
}
