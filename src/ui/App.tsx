import { useEffect } from 'react';
import { AttackPanel } from './AttackPanel';
import { AttackProgress } from './AttackProgress';
import { ImagePanel } from './ImagePanel';
import { ImageSource } from './ImageSource';
import { MaskPanel } from './MaskPanel';
import { PyramidPanel } from './PyramidPanel';
import { ResultPanel } from './ResultPanel';
import { StatusBar } from './StatusBar';
import { app, installDebugHooks } from './app';

export function App() {
  useEffect(() => {
    installDebugHooks();
    app.start(); // idempotent: React's development double effects start it once
  }, []);
  return (
    <>
      <header>
        <h1>MTCNN Attack Playground</h1>
        <StatusBar />
      </header>
      <main>
        <div className="controls">
          <ImageSource />
          <AttackPanel />
        </div>
        <div className="views">
          <ImagePanel />
          <AttackProgress />
          <ResultPanel />
          <MaskPanel />
          <PyramidPanel />
        </div>
      </main>
    </>
  );
}
