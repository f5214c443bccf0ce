import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { analysis } from './app/client';
import { useFiles } from './state/files';
import { useLive } from './state/live';
import { App } from './ui/App';
import './ui/styles.css';

// `?bench` exposes the worker and the stores to `npm run bench`, which drives the app itself in Chromium.
if (new URLSearchParams(location.search).has('bench')) {
  Object.assign(globalThis, { emotionLensBench: { analysis, useLive, useFiles } });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
