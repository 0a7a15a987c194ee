import { useEffect } from 'react';
import { ImagePanel } from './ImagePanel';
import { ImageSource } from './ImageSource';
import { StatusBar } from './StatusBar';
import { loadSample, startEngine } from './controller';
import { SAMPLES } from './samples';

export function App() {
  useEffect(() => {
    void startEngine().then(() => loadSample(SAMPLES[0].file, SAMPLES[0].label));
  }, []);
  return (
    <>
      <header>
        <h1>MTCNN Attack Playground</h1>
        <StatusBar />
      </header>
      <main>
        <ImageSource />
        <ImagePanel />
      </main>
    </>
  );
}
