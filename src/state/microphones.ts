import { create } from 'zustand';
import { type MicrophoneDevice, listMicrophones } from '../audio/microphone';

/** The microphone chosen, kept across visits. */
const KEY = 'emotion-lens.microphone';

interface MicrophonesState {
  devices: MicrophoneDevice[];
  /** The device the user chose (kept while it is unplugged, for when it comes back); none: the default. */
  preferred?: string;
  choose(id: string | undefined): void;
  refresh(): Promise<void>;
}

function remembered(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Whether the preferred microphone is missing from a list of devices the browser does show. */
export const preferredMissing = ({ devices, preferred }: Pick<MicrophonesState, 'devices' | 'preferred'>): boolean =>
  preferred !== undefined && devices.length > 0 && !devices.some((d) => d.id === preferred);

/**
 * The device to open: the preferred one while it is connected (or while the browser lists no devices, before
 * the page may use a microphone: opening it then tells), else the default.
 */
export const deviceToOpen = (state: Pick<MicrophonesState, 'devices' | 'preferred'>): string | undefined =>
  preferredMissing(state) ? undefined : state.preferred;

export const useMicrophones = create<MicrophonesState>((set) => ({
  devices: [],
  preferred: remembered(),
  choose(id) {
    set({ preferred: id });
    try {
      if (id) localStorage.setItem(KEY, id);
      else localStorage.removeItem(KEY);
    } catch {
      // Private modes may refuse storage: the choice holds for this visit.
    }
  },
  async refresh() {
    set({ devices: await listMicrophones().catch(() => []) });
  },
}));

// A headset plugged in or out changes the list.
navigator.mediaDevices?.addEventListener?.('devicechange', () => void useMicrophones.getState().refresh());
