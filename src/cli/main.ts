import { detectCommand, DETECT_USAGE } from './detectCommand';
import { attackCommand, ATTACK_COMMAND_USAGE } from './attackCommand';
import { sweepCommand, SWEEP_USAGE } from './sweepCommand';
import { ATTACK_USAGE } from './attackFlags';
import { sparseCommand, SPARSE_USAGE } from './sparseCommand';
import { EXIT_UNEXPECTED, EXIT_USAGE, UsageError } from './errors';
import { ModelLoadError } from '../core/mtcnn/weights';

const USAGE = `mtcnn-attack: MTCNN face detection and adversarial attacks on it (TensorFlow.js, WASM)

${DETECT_USAGE}
${ATTACK_COMMAND_USAGE}
${SWEEP_USAGE}
${SPARSE_USAGE}
attack flags (defaults are the seed paper's: PGD, ε 0.03, α 0.0047568, 50 steps, auto scales, P-Net cls):
${ATTACK_USAGE}`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  detect: detectCommand,
  attack: attackCommand,
  sweep: sweepCommand,
  sparse: sparseCommand,
};

const DEBUG_FLAG = '--debug';

/**
 * Runs the CLI; returns the exit code. User mistakes print one line on stderr (exit code 2); any
 * other error prints one line too (exit code 1), and its stack only with --debug (anywhere in argv).
 */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes(DEBUG_FLAG);
  const [command, ...rest] = argv.filter((a) => a !== DEBUG_FLAG);
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : EXIT_USAGE;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`mtcnn-attack: unknown command "${command}" (try: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT_USAGE;
  }
  try {
    return await run(rest);
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

/** Bad flags, unreadable inputs, unusable outputs, missing models: the user can fix these. */
function isUsageProblem(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof UsageError || err instanceof ModelLoadError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
}

/** parseArgs's messages span lines ("…is ambiguous.\nDid you forget…"): joined into one. */
function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}
