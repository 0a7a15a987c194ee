import type { AppState } from './store';

/*
 * Which command can start now, decided in one place from the phase: every button's disabled state
 * and every controller command asks canStart.
 */

export type CommandKind = 'load' | 'edit' | 'attack' | 'pause' | 'resume' | 'step' | 'stop' | 'stopPrune' | 'reset' | 'prune' | 'compare' | 'experiment' | 'stopExperiment' | 'check' | 'retry';

export function canStart(kind: CommandKind, s: Pick<AppState, 'phase' | 'run' | 'detection' | 'photo'>): boolean {
  const p = s.phase;
  const finished = s.run?.outcome === 'done' && s.run.result !== null;
  switch (kind) {
    case 'load':
      // Always: during start-up the photo waits for the engine; otherwise it cancels the running job.
      return true;
    case 'edit':
      return p.kind !== 'attacking' && p.kind !== 'judging';
    case 'attack':
      return (p.kind === 'idle' || p.kind === 'preparing' || p.kind === 'pruning' || p.kind === 'comparing' || p.kind === 'experimenting' || p.kind === 'checking') && s.photo !== null && (s.detection?.faces.length ?? 0) > 0;
    case 'pause':
      return p.kind === 'attacking' && !p.paused && !p.stopping;
    case 'resume':
    case 'step':
      return p.kind === 'attacking' && p.paused && !p.stopping;
    case 'stop':
      return p.kind === 'attacking' && !p.stopping;
    case 'stopPrune':
      return p.kind === 'pruning' && !p.stopping;
    case 'reset':
      return s.run !== null;
    case 'prune':
      return p.kind === 'idle' && finished;
    case 'compare':
      return p.kind === 'idle' && finished && s.run!.params.domain !== 'full' && s.run!.comparison === null;
    case 'experiment':
      return (p.kind === 'idle' || p.kind === 'preparing') && s.photo !== null && (s.detection?.faces.length ?? 0) > 0;
    case 'check':
      return p.kind === 'idle' && finished;
    case 'stopExperiment':
      return p.kind === 'experimenting';
    case 'retry':
      return p.kind === 'unavailable';
  }
}
