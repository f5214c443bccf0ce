import { useEffect } from 'react';
import { useFiles } from '../state/files';
import { useModel } from '../state/model';
import { AppStatus } from './AppStatus';
import { BUILD_ID } from './build-id';
import { FilesPanel } from './FilesPanel';
import { LivePanel } from './LivePanel';
import { ModelCard } from './ModelCard';

export function App() {
  const { status, info, load } = useModel();
  useEffect(() => {
    void load();
    void useFiles.getState().restore();
  }, [load]);

  return (
    <>
      <header className="top">
        <h1>Emotion Lens</h1>
        <p className="tagline">Speech emotion recognition that runs entirely on your device.</p>
        <AppStatus />
        <p className="badge">
          Backend: <span data-testid="backend">{info?.backend ?? (status === 'error' ? 'none' : '…')}</span>
        </p>
      </header>
      <main className="layout">
        <LivePanel />
        <FilesPanel />
        <ModelCard />
      </main>
      <footer className="secondary foot">
        Emotion Lens · build <span data-testid="build-id">{BUILD_ID}</span> · audio and results never leave this device
      </footer>
    </>
  );
}
