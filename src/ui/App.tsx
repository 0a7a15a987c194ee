import { useEffect, useRef } from 'react';
import { AttackPanel } from './AttackPanel';
import { AttackProgress, StageViews } from './AttackProgress';
import { DetectionSummary, ImagePanel } from './ImagePanel';
import { ImageSource } from './ImageSource';
import { MaskPanel } from './MaskPanel';
import { PatchPanel } from './PatchPanel';
import { PyramidPanel } from './PyramidPanel';
import { ReplayBar } from './ReplayBar';
import { ResultPanel } from './ResultPanel';
import { RunControls } from './RunControls';
import { ShortcutsDialog, Toolbar, useShortcuts } from './Shortcuts';
import { Messages, PhaseStatus } from './StatusBar';
import { app, installDebugHooks } from './app';
import { installFocusKeeper } from './focusKeeper';
import { appStore, selectTalk, useAppStore } from './store';

/*
 * The stage fills the first screen: the photo with its live boxes on the left; the run controls,
 * progress, verdict, charts / cascade and the replay on the right (one column on phones). Everything
 * else (result details, pyramid, settings, the mask) sits below it. Talk mode enlarges the type and
 * hides what a demo does not need.
 */
export function App() {
  const talk = useAppStore(selectTalk);
  const header = useRef<HTMLElement>(null);
  useEffect(() => {
    installDebugHooks();
    app.start(); // idempotent: React's development double effects start it once
    return installFocusKeeper(appStore);
  }, []);
  useShortcuts();
  // Number formatting's first use sets up ICU (~100 ms): do it while the page is idle, not in the
  // middle of a run (the mask table formats numbers).
  useEffect(() => {
    const warm = () => void (1234).toLocaleString();
    if ('requestIdleCallback' in window) {
      const id = requestIdleCallback(warm, { timeout: 5000 });
      return () => cancelIdleCallback(id);
    }
    const t = setTimeout(warm, 2000);
    return () => clearTimeout(t);
  }, []);
  useEffect(() => {
    document.documentElement.toggleAttribute('data-talk', talk);
  }, [talk]);
  // The stage's height is the window's less the header's (messages make the header taller).
  useEffect(() => {
    const el = header.current;
    if (!el) return;
    const ro = new ResizeObserver(() => document.documentElement.style.setProperty('--header-h', `${el.offsetHeight}px`));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <>
      <header ref={header}>
        <div className="header-row">
          <h1>MTCNN Attack Playground</h1>
          <PhaseStatus />
          <Toolbar />
        </div>
        <Messages />
      </header>
      <main>
        <div className="stage">
          <ImagePanel />
          <div className="side">
            <RunControls />
            <DetectionSummary />
            <AttackProgress />
            <StageViews />
            <ReplayBar />
          </div>
        </div>
        <div className="below">
          <ResultPanel />
          <PyramidPanel />
          <div className="settings talk-hide">
            <ImageSource />
            <AttackPanel />
          </div>
          <div className="extras talk-hide">
            <MaskPanel />
            <PatchPanel />
          </div>
        </div>
      </main>
      <ShortcutsDialog />
    </>
  );
}
