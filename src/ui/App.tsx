import { useEffect } from 'react';
import { useModel } from '../state/model';
import { FilesPanel } from './FilesPanel';
import { LivePanel } from './LivePanel';
import { ModelCard } from './ModelCard';

export function App() {
  const { status, info, load } = useModel();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <header className="top">
        <h1>Emotion Lens</h1>
        <p className="tagline">Speech emotion recognition that runs entirely on your device.</p>
        <p className="badge">
          Backend: <span data-testid="backend">{info?.backend ?? (status === 'error' ? 'none' : '…')}</span>
        </p>
      </header>
      <main className="layout">
        <LivePanel />
        <FilesPanel />
        <ModelCard />
      </main>
    </>
  );
}
