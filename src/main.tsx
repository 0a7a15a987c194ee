import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startOfflineSupport } from './pwa/offline';
import './ui/styles.css';
import { startLanguage } from './ui/i18n';

// The language of the link (?lang=zh), the user's last choice or the browser's, before the first render.
startLanguage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The service worker that keeps the app usable offline after this visit (production builds only).
startOfflineSupport();
