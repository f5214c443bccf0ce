import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { type UnsavedWork, useUnsavedWork } from '../state/unsaved';

interface InstallPrompt extends Event {
  prompt(): Promise<void>;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function useInstallPrompt(): [InstallPrompt | null, () => void] {
  const [prompt, setPrompt] = useState<InstallPrompt | null>(null);
  useEffect(() => {
    const offer = (event: Event) => {
      event.preventDefault();
      setPrompt(event as InstallPrompt);
    };
    const installed = () => setPrompt(null);
    window.addEventListener('beforeinstallprompt', offer);
    window.addEventListener('appinstalled', installed);
    return () => {
      window.removeEventListener('beforeinstallprompt', offer);
      window.removeEventListener('appinstalled', installed);
    };
  }, []);
  return [prompt, () => setPrompt(null)];
}

/** The update button while a reload would lose work. */
const WAITING_FOR: Record<UnsavedWork, string> = {
  recording: 'Reload after recording',
  analysing: 'Reload after the analyses',
  keeping: 'Reload to update',
};

/** Browsers look for a new version when the page loads; an app left open for days looks this often too. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

function checkForUpdates(_url: string, registration: ServiceWorkerRegistration | undefined): void {
  if (!registration) return;
  setInterval(() => {
    // Offline, or while a new version installs, there is nothing to ask; a failed check waits for the next.
    if (navigator.onLine && !registration.installing) registration.update().catch(() => {});
  }, UPDATE_CHECK_MS);
}

/**
 * Online/offline, install, and updates: a new version waits until the user chooses to reload, and never
 * while a reload would lose work (a recording, an analysis, a result being kept).
 */
export function AppStatus() {
  const online = useOnline();
  const [install, clearInstall] = useInstallPrompt();
  const unsaved = useUnsavedWork();
  const {
    needRefresh: [needRefresh],
    offlineReady: [offlineReady],
    updateServiceWorker,
  } = useRegisterSW({ onRegisteredSW: checkForUpdates });

  return (
    <div className="app-status">
      <span className={online ? 'online' : 'offline'} data-testid="network-status" data-online={online}>
        {online ? 'Online' : 'Offline: everything still works'}
      </span>
      {offlineReady && <span className="secondary">Ready to work offline.</span>}
      {install && (
        <button
          type="button"
          onClick={() => {
            void install.prompt();
            clearInstall();
          }}
        >
          Install app
        </button>
      )}
      {needRefresh && (
        <span role="status" data-testid="update-prompt">
          A new version is available.{' '}
          <button
            type="button"
            disabled={unsaved !== undefined}
            onClick={() => {
              // workbox-window reloads only pages that were controlled when it registered; a first
              // visit is claimed later, so reload on the controller change ourselves.
              navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
              void updateServiceWorker(true);
            }}
          >
            {unsaved ? WAITING_FOR[unsaved] : 'Reload to update'}
          </button>
        </span>
      )}
    </div>
  );
}
