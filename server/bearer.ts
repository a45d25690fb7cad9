// Tokens reach the server in the Authorization header only: never in a URL, where they would be kept
// in browser histories, proxy and server logs and Referer headers.

import type express from "express";

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: express.Request): string | null {
  const auth = req.get("authorization") ?? "";
  const token = auth.startsWith("Bearer ") ? auth.slice(7).trim() : "";
  return token || null;
}
