import { useEffect } from 'react';
import { useFiles } from '../state/files';
import { useModel } from '../state/model';
import { useVoice } from '../state/voice';
import { AppStatus } from './AppStatus';
import { BUILD_ID } from './build-id';
import { FilesPanel } from './FilesPanel';
import { LivePanel } from './LivePanel';
import { ModelCard } from './ModelCard';
import { VoiceChoice, VoicePanel } from './VoicePanel';

export function App() {
  const { status, info, load } = useModel();
  useEffect(() => {
    void load();
    void useFiles.getState().restore();
  }, [load]);
  // Profiles are checked against the model, so they are read once it is loaded (and again if it changes).
  const trainedAt = info?.trainedAt;
  useEffect(() => {
    if (trainedAt) void useVoice.getState().restore();
  }, [trainedAt]);

  return (
    <>
      <header className="top">
        <h1>Emotion Lens</h1>
        <p className="tagline">Speech emotion recognition that runs entirely on your device.</p>
        <AppStatus />
        <VoiceChoice />
        <p className="badge">
          Backend: <span data-testid="backend">{info?.backend ?? (status === 'error' ? 'none' : '…')}</span>
        </p>
      </header>
      <main className="layout">
        <LivePanel />
        <FilesPanel />
        <VoicePanel />
        <ModelCard />
      </main>
      <footer className="secondary foot">
        Emotion Lens · build <span data-testid="build-id">{BUILD_ID}</span> · audio and results never leave this device
      </footer>
    </>
  );
}
