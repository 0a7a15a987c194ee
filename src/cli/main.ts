import { EXIT_UNEXPECTED, EXIT_USAGE, UsageError } from './errors';
import { packageVersion } from '../node/packageRoot';

/*
 * The CLI's entry. Nothing here loads TensorFlow.js: the commands are imported when they run, and
 * the built CLI has the help text inlined at build time (vite.cli.config.ts defines
 * __MTCNN_ATTACK_HELP__), so `--version` and `--help` start in a few tens of milliseconds.
 */

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  detect: async () => (await import('./detectCommand')).detectCommand,
  attack: async () => (await import('./attackCommand')).attackCommand,
  sweep: async () => (await import('./sweepCommand')).sweepCommand,
  sparse: async () => (await import('./sparseCommand')).sparseCommand,
  merge: async () => (await import('./mergeCommand')).mergeCommand,
  heads: async () => (await import('./headsCommand')).headsCommand,
};

declare const __MTCNN_ATTACK_HELP__: string | undefined;

async function helpText(): Promise<string> {
  return typeof __MTCNN_ATTACK_HELP__ === 'string' ? __MTCNN_ATTACK_HELP__ : (await import('./help')).HELP;
}

const DEBUG_FLAG = '--debug';

/**
 * Runs the CLI; returns the exit code. User mistakes print one line on stderr (exit code 2); any
 * other error prints one line too (exit code 1), and its stack only with --debug (anywhere in argv).
 */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes(DEBUG_FLAG);
  const [command, ...rest] = argv.filter((a) => a !== DEBUG_FLAG);
  if (command === '--version' || command === '-V') {
    process.stdout.write(packageVersion() + '\n');
    return 0;
  }
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write((await helpText()) + '\n');
    return command ? 0 : EXIT_USAGE;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`mtcnn-attack: unknown command "${command}" (try: ${Object.keys(COMMANDS).join(', ')}, --help, --version)\n`);
    return EXIT_USAGE;
  }
  try {
    return await (await load())(rest);
  } catch (err) {
    const prefix = `mtcnn-attack ${command}:`;
    if (isUsageProblem(err)) {
      process.stderr.write(`${prefix} ${oneLine(err.message)}\n`);
      return EXIT_USAGE;
    }
    const message = (err instanceof Error ? err.message : String(err)).trim().split('\n')[0] || String(err);
    if (debug) process.stderr.write(`${prefix} unexpected error: ${message}\n${err instanceof Error ? err.stack : String(err)}\n`);
    else process.stderr.write(`${prefix} unexpected error: ${message} (run again with ${DEBUG_FLAG} for details)\n`);
    return EXIT_UNEXPECTED;
  }
}

/**
 * Bad flags, unreadable inputs, unusable outputs, missing models: the user can fix these.
 * ModelLoadError (core/mtcnn/weights) is told by its name, so that this module need not load
 * TensorFlow.js.
 */
function isUsageProblem(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof UsageError || (err instanceof Error && err.name === 'ModelLoadError') || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
}

/** parseArgs's messages span lines ("…is ambiguous.\nDid you forget…"): joined into one. */
function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}
