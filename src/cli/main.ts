import { detectCommand, DETECT_USAGE } from './detectCommand';
import { attackCommand, ATTACK_COMMAND_USAGE } from './attackCommand';
import { sweepCommand, SWEEP_USAGE } from './sweepCommand';
import { ATTACK_USAGE } from './attackFlags';
import { sparseCommand, SPARSE_USAGE } from './sparseCommand';
import { EXIT_USAGE, UsageError } from './errors';
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

/** Runs the CLI; returns the exit code. User mistakes print one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
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
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || err instanceof ModelLoadError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`mtcnn-attack ${command}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
