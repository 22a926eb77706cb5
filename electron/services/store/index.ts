// The store: opening the database, its migrations, its default location and shared helpers.
export { openDatabase, backupDatabase, schemaVersion, type Database } from './database';
export { MIGRATIONS, type Migration } from './migrations';
export { defaultDatabasePath, type PathEnvironment } from './databasePath';
export { sha256Hex } from './contentHash';
export { readPaging, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Paging } from './paging';
