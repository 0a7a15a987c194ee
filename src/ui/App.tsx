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
import { SweepPanel } from './SweepPanel';
import { HeadsPanel } from './HeadsPanel';
import { ShortcutsDialog, Toolbar, useShortcuts } from './Shortcuts';
import { Messages, PhaseStatus } from './StatusBar';
import { app, installDebugHooks } from './app';
import { installFocusKeeper } from './focusKeeper';
import { appStore, selectLesson, selectTalk, useAppStore } from './store';
import { LessonMenu } from './lessons/LessonMenu';
import { TaskCard } from './lessons/TaskCard';
import { isHidden, isLocked } from './lessons/setup';
import type { ControlId } from './lessons/controls';
import type { ReactNode } from 'react';
import { formatNumber, useT } from './i18n';
import { LanguageSwitcher } from './i18n/LanguageSwitcher';
import './i18n/shell.css';

/**
 * A panel the lesson may hide or lock (lock: shown inside a disabled fieldset, so every control in
 * it is disabled; the controller refuses changes too).
 */
function Lessoned({ id, children, hideWhole = true }: { id: ControlId; children: ReactNode; hideWhole?: boolean }) {
  const { t } = useT('lessons');
  const lesson = useAppStore(selectLesson);
  if (isHidden(lesson, id) && hideWhole) return null;
  if (!isLocked(lesson, id)) return children;
  return (
    <fieldset className="lesson-lock" disabled aria-label={t('lockedGroup')}>
      {children}
    </fieldset>
  );
}

/*
 * The stage fills the first screen: the photo with its live boxes on the left; the run controls,
 * progress, verdict, charts / cascade and the replay on the right (one column on phones). Everything
 * else (result details, pyramid, settings, the mask) sits below it. Talk mode enlarges the type and
 * hides what a demo does not need.
 */
export function App() {
  const { t } = useT('shell');
  const talk = useAppStore(selectTalk);
  const lesson = useAppStore(selectLesson);
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
    const warm = () => void formatNumber(1234);
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
  // The window's title follows the language (index.html has the English one).
  const title = t('title');
  useEffect(() => {
    document.title = title;
  }, [title]);
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
          <h1>{t('title')}</h1>
          <PhaseStatus />
          <Toolbar />
          <LessonMenu />
          <LanguageSwitcher />
        </div>
        <TaskCard />
        <Messages />
      </header>
      {/* Controls inside panels hidden by the lesson are hidden by CSS (styles.css, "Lessons"). */}
      <main data-lesson-hide={lesson?.hide.join(' ') || undefined}>
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
          {/* Hiding the scales hides their controls (CSS), not the pyramid. */}
          <Lessoned id="scales" hideWhole={false}>
            <PyramidPanel />
          </Lessoned>
          <div className="settings talk-hide">
            {!isHidden(lesson, 'photo') && <ImageSource />}
            <AttackPanel />
          </div>
          <div className="extras talk-hide">
            <Lessoned id="prune">
              <MaskPanel />
            </Lessoned>
            <Lessoned id="patch">
              <PatchPanel />
            </Lessoned>
            <SweepPanel />
            <HeadsPanel />
          </div>
        </div>
      </main>
      <ShortcutsDialog />
    </>
  );
}
