// Picks the storage from the configuration: in memory when asked for, else PostgreSQL when a
// database URL is set, else a SQLite file.

import { join } from "node:path";
import { MemoryStorage } from "./memory.ts";
import { PostgresStorage } from "./postgres.ts";
import { SqliteStorage, type WriterPlacement } from "./sqlite.ts";
import type { Storage } from "./types.ts";

export type {
  CohortRow,
  NewEvent,
  OwnedRound,
  RoundPatch,
  RoundRow,
  RoundStatus,
  Storage,
  StoredEvent,
} from "./types.ts";
export { MemoryStorage, PostgresStorage, SqliteStorage };

export interface StorageConfig {
  /** "memory" keeps rounds only while the process runs (nothing survives a restart). */
  kind?: "memory";
  databaseUrl?: string;
  /** PostgreSQL schema (namespace) for the tables; default public. */
  pgSchema?: string;
  /** SQLite file; default data/practice-field.db under the working directory. */
  sqliteFile?: string;
  /** Where SQLite commits run; absent: on a thread when the process may use more than one core. */
  sqliteWriter?: WriterPlacement;
  /** PostgreSQL: connecting and each query give up after this many ms (default 5000). */
  pgTimeoutMs?: number;
  /** Round ownership lease (ms); default 10 s. */
  leaseMs?: number;
}

export async function openStorage(config: StorageConfig = {}): Promise<Storage> {
  const lease = config.leaseMs ? { leaseMs: config.leaseMs } : {};
  if (config.kind === "memory") return new MemoryStorage(lease);
  if (config.databaseUrl) {
    return PostgresStorage.open({
      connectionString: config.databaseUrl,
      ...(config.pgSchema ? { schema: config.pgSchema } : {}),
      ...(config.pgTimeoutMs ? { timeoutMs: config.pgTimeoutMs } : {}),
      ...lease,
    });
  }
  return new SqliteStorage(config.sqliteFile ?? join(process.cwd(), "data", "practice-field.db"), {
    ...lease,
    ...(config.sqliteWriter ? { writer: config.sqliteWriter } : {}),
  });
}
