import type { Phase } from './store';

/** What the header says the app is doing. */
export function phaseWords(phase: Phase): string {
  switch (phase.kind) {
    case 'starting':
      return 'Starting the detector…';
    case 'unavailable':
      return 'Detector unavailable';
    case 'idle':
      return 'Ready';
    case 'preparing':
      return 'Preparing the GPU…';
    case 'detecting':
      return 'Detecting faces…';
    case 'attacking':
      return phase.stopping ? 'Stopping…' : phase.paused ? 'Attack paused' : 'Attacking…';
    case 'judging':
      return 'Judging on the 8-bit image…';
    case 'pruning':
      return phase.stopping ? 'Stopping the mask…' : 'Pruning the perturbation…';
    case 'comparing':
      return 'Comparing upsamplings…';
    case 'experimenting':
      return 'Running the experiment…';
    case 'checking':
      return 'Checking the attack…';
  }
}
