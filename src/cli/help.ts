import { DETECT_USAGE } from './detectCommand';
import { ATTACK_COMMAND_USAGE } from './attackCommand';
import { SWEEP_USAGE } from './sweepCommand';
import { ATTACK_USAGE } from './attackFlags';
import { SPARSE_USAGE } from './sparseCommand';
import { MERGE_USAGE } from './mergeCommand';
import { BATCH_USAGE } from './batch';
import { HEADS_USAGE } from './headsCommand';

/*
 * `mtcnn-attack --help`. Made from the commands' usage lines and the parameter schema, which load
 * TensorFlow.js; the built CLI therefore gets this text at build time (vite.cli.config.ts) and
 * imports this module only when run from the TypeScript source.
 */
export const HELP = `mtcnn-attack: MTCNN face detection and adversarial attacks on it (TensorFlow.js, WASM)

${DETECT_USAGE}
${ATTACK_COMMAND_USAGE}
${SWEEP_USAGE}
${SPARSE_USAGE}
${MERGE_USAGE}
${HEADS_USAGE}
${BATCH_USAGE}
attack flags (defaults are the seed paper's: PGD, ε 0.03, α 0.0047568, 50 steps, auto scales, P-Net cls):
${ATTACK_USAGE}
other: --version, --help, --debug (stack traces of unexpected errors)`;
