import { useEffect } from 'react';
import { AttackPanel } from './AttackPanel';
import { AttackProgress } from './AttackProgress';
import { ImagePanel } from './ImagePanel';
import { ImageSource } from './ImageSource';
import { MaskPanel } from './MaskPanel';
import { PyramidPanel } from './PyramidPanel';
import { ResultPanel } from './ResultPanel';
import { StatusBar } from './StatusBar';
import { installDebugHooks, loadSample, readUrl, startEngine } from './controller';
import { SAMPLES } from './samples';

export function App() {
  useEffect(() => {
    readUrl();
    installDebugHooks();
    void startEngine().then(() => loadSample(SAMPLES[0].file, SAMPLES[0].label));
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
