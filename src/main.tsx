import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEBUG_PAGE, debugAnalysis } from './app/client';
import { useFiles } from './state/files';
import { useLive } from './state/live';
import { unsavedWorkNow } from './state/unsaved';
import { App } from './ui/App';
import './ui/styles.css';

// `?bench` exposes the debug worker and the stores to `npm run bench` and the end-to-end tests, which drive the app itself in Chromium.
if (DEBUG_PAGE) {
  Object.assign(globalThis, { emotionLensBench: { analysis: debugAnalysis(), useLive, useFiles } });
}

// The browser asks before closing a page that would lose work (in its own words: it ignores a page's).
addEventListener('beforeunload', (event) => {
  if (unsavedWorkNow()) event.preventDefault();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
