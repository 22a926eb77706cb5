// The help text of `pwb` and the error used for usage mistakes (exit code 2).
import { PROVIDERS } from '../../src-shared/export/targets';

/** A mistake in how the command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The full help text. */
export const USAGE = `Usage: pwb [--db PATH] [--debug] [--metrics-retention DAYS] <command> [options]

  --metrics-retention DAYS     keep metric events DAYS days (stored in the library; default 90)

Commands:
  import <path>... [--json] [--allow-secrets]
                               import seed files, .prompty, .prompt, Langfuse JSON and
                               promptfooconfig.yaml files or folders
  export <dir> [--format F]    write the library: seed layout (default), prompty, dotprompt,
                               langfuse or promptfoo
  list [--tag T]... [--status S] [--category C] [--format F] [--search Q] [--json]
          [--limit N] [--offset N]   "X–Y of N" on stderr when the list is cut
  show <id> [--version V | --label L] [--json]
  history <id> [--json]
  save <id> --file PROMPT.yaml [--base V] [--bump patch|minor|major] [--changelog TEXT]
          [--allow-secrets]
  render <id> [--version V | --label L] [--vars JSON | --vars-file F | --var k=v ...]
  convert <id> --to ${PROVIDERS.join('|')} [--vars JSON | --vars-file F | --var k=v ...]
          [--version V | --label L] [--merge]
  validate <schema> [FILE|-]   validate JSON data against a schema
  diff <id> <v1> <v2>          unified diff of two versions
  backup [--to FILE]           write a consistent copy of the library (default: backups/ beside it)
  restore <backup-file>        replace the library with a verified backup (the old one is kept)
  run <id> | --file PROMPT.yaml [--version V | --label L] [--model PROVIDER:MODEL] [--base-url URL]
          [--vars JSON | --vars-file F | --var k=v ...] [--temperature T] [--max-tokens N]
          [--timeout S] [--retries N] [--concurrency N] [--no-cache] [--json]
                               send the rendered prompt to a model; the answer streams to stdout
  providers add <name> --kind openai-compatible|anthropic --base-url URL [--api-key-env VAR]
  providers list [--json]      built-in and added providers (keys are never stored)
  providers remove <name>
  cache clear                  drop every cached model answer
  tests import <id> FILE.csv|FILE.jsonl [--replace]
                               add test cases from rows (columns are variables; __expected)
  tests list <id> [--json]
  test [ID]... [--version V]... [--label L]... [--model M]... [--judge M] [--concurrency N]
          [--file PROMPT.yaml]
          [--replay] [--no-cache] [--junit FILE] [--json] [--baseline]
          [--fail-on failures|regressions] [--estimate]
                               run every test case; exit 1 when a case (or regression) fails
  runs list [ID] [--json] | runs show RUN [--json] | runs baseline RUN [ID]...
  label set <id> <label> <version> | label rm <id> <label> | label list <id> [--json]
  apikey create <name> | apikey revoke <name> | apikey list [--json]
                               keys of the read API (a new key is printed once)
  audit [ID] [--json] [--limit N]   the audit log, newest first (user, action, prompt, version)
  db init <postgres-url>       create or migrate a team library on PostgreSQL and its roles
  copy <from> <to>             copy a whole library (SQLite file or postgres:// URL) into an
                               empty one, all or nothing
  users add <name> --role viewer|editor|publisher|admin | users list [--json] | users remove <name>
                               users of a PostgreSQL library (admins; the password is printed once)
  serve [--port N] [--host 127.0.0.1] [--static DIR]
                               browser mode: prints the URL with its access token
  serve --api [--port N] [--host H] [--tls-cert FILE --tls-key FILE] [--insecure-http]
                               the read API for applications (keys: pwb apikey create)

Options:
  --db PATH|URL  the library: a SQLite file or a postgres:// URL (default: $PWB_DB or the
               app's own database); the password may come from PGPASSWORD or ~/.pgpass
  --debug      print the stack of an unexpected error (it is always logged to PATH.log)
  -h, --help   show this help
`;
