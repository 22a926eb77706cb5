// The store: opening the database, its migrations and its default location.
export { openDatabase, backupDatabase, schemaVersion, type Database } from './database';
export { MIGRATIONS, type Migration } from './migrations';
export { defaultDatabasePath, type PathEnvironment } from './databasePath';
