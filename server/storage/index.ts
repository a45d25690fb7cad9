// Picks the storage from the environment: PostgreSQL when DATABASE_URL is set, else a SQLite file.

import { join } from "node:path";
import { PostgresStorage } from "./postgres.ts";
import { SqliteStorage } from "./sqlite.ts";
import type { Storage } from "./types.ts";

export type {
  CohortRow,
  NewEvent,
  RoundPatch,
  RoundRow,
  RoundStatus,
  Storage,
  StoredEvent,
} from "./types.ts";
export { PostgresStorage, SqliteStorage };

export interface StorageConfig {
  databaseUrl?: string;
  /** PostgreSQL schema (namespace) for the tables; default public. */
  pgSchema?: string;
  /** SQLite file; default data/practice-field.db under the working directory. */
  sqliteFile?: string;
}

export async function openStorage(config: StorageConfig = {}): Promise<Storage> {
  if (config.databaseUrl) {
    return PostgresStorage.open({
      connectionString: config.databaseUrl,
      ...(config.pgSchema ? { schema: config.pgSchema } : {}),
    });
  }
  return new SqliteStorage(config.sqliteFile ?? join(process.cwd(), "data", "practice-field.db"));
}
