// Process entry of `pwb`: runs the command line and sets the exit code.
import { runCli } from './main';
import { processIo } from './io';

process.exitCode = await runCli(process.argv.slice(2), processIo());
