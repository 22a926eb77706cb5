// The composition root: one database, every service over it, and one way to close them all.
import os from 'node:os';
import { AuditService } from './audit/auditService';
import { MetricsService } from './metrics/metricsService';
import { PartialService } from './partials/partialService';
import { PromptService } from './prompts/promptService';
import { SchemaService } from './schemas/schemaService';
import { openDatabase, type Database } from './store/database';

/** What `createServices` needs; tests pass a temp file and a fake clock. */
export interface ServiceOptions {
  dbPath: string;
  clock?: () => Date;
  /** Who the audit log names; defaults to the OS user. */
  actor?: string;
  /** Most metric events kept (default 200,000). */
  metricsRetention?: number;
}

/** The services of one open library. */
export interface Services {
  db: Database;
  prompts: PromptService;
  schemas: SchemaService;
  partials: PartialService;
  metrics: MetricsService;
  audit: AuditService;
  /** Closes the database; safe to call more than once. */
  dispose(): void;
}

/** Opens the database at `dbPath` (migrating it) and wires every service over it. */
export function createServices(options: ServiceOptions): Services {
  const db = openDatabase(options.dbPath);
  const clock = options.clock ?? (() => new Date());
  const actor = options.actor ?? currentUser();
  const audit = new AuditService(db, { clock, actor });
  try {
    return {
      db,
      audit,
      prompts: new PromptService(db, { clock, actor, audit }),
      schemas: new SchemaService(db, { clock, actor, audit }),
      partials: new PartialService(db, { clock, actor, audit }),
      metrics: new MetricsService(db, { clock, retention: options.metricsRetention }),
      dispose() {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function currentUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    // userInfo throws when the uid has no passwd entry (some containers).
    return 'unknown';
  }
}
