import workletUrl from './capture.worklet.ts?worker&url';

export interface Microphone {
  /** The device's name, as the browser gives it: which microphone is heard. */
  label: string;
  /** The device's rate: the worker resamples from it. */
  sampleRate: number;
  /** Receives Float32Array chunks from the audio thread; hand it to the analysis worker. */
  port: MessagePort;
  stop(): Promise<void>;
}

export class MicrophoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MicrophoneError';
  }
}

export interface MicrophoneDevice {
  id: string;
  label: string;
}

/** The browser's aliases of real devices (Chrome lists them beside the devices they stand for). */
const ALIASES = ['default', 'communications'];

/**
 * The microphones to choose from. Before the page may use a microphone, browsers hide their ids and
 * names: the list is empty then, and the default microphone is the only choice.
 */
export async function listMicrophones(): Promise<MicrophoneDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput' && d.deviceId && !ALIASES.includes(d.deviceId));
  return inputs.map((d, i) => ({ id: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
}

function explain(error: unknown, chosen: boolean): MicrophoneError {
  const name = (error as DOMException)?.name;
  if (chosen && (name === 'NotFoundError' || name === 'OverconstrainedError')) {
    return new MicrophoneError('The chosen microphone is not connected. Connect it, or choose another.');
  }
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new MicrophoneError("Microphone access was denied. Allow it in the browser's site settings, or analyse files instead.");
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new MicrophoneError('No microphone was found. Connect one, or analyse files instead.');
  }
  if (name === 'NotReadableError') {
    return new MicrophoneError('The microphone is in use by another application or cannot be read.');
  }
  return new MicrophoneError(`The microphone could not be started (${(error as Error)?.message ?? String(error)})`);
}

/**
 * Opens a microphone (`deviceId`, or the default one; echo cancellation, noise suppression and auto gain
 * off unless `processing`) and an AudioWorklet that streams its samples to a port. `onEnded` fires if the
 * device goes away.
 */
export async function openMicrophone({ processing, deviceId }: { processing: boolean; deviceId?: string }, onEnded: () => void): Promise<Microphone> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MicrophoneError('This browser gives no microphone access here (a secure https page is needed).');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        echoCancellation: processing,
        noiseSuppression: processing,
        autoGainControl: processing,
        channelCount: 1,
        ...(deviceId && { deviceId: { exact: deviceId } }),
      },
    });
  } catch (error) {
    throw explain(error, deviceId !== undefined);
  }
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(workletUrl);
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'capture-processor', { numberOfInputs: 1, numberOfOutputs: 0 });
    const channel = new MessageChannel();
    node.port.postMessage({ port: channel.port1 }, [channel.port1]);
    source.connect(node);
    for (const track of stream.getAudioTracks()) track.addEventListener('ended', onEnded);
    await context.resume();
    return {
      label: stream.getAudioTracks()[0]?.label || 'the microphone',
      sampleRate: context.sampleRate,
      port: channel.port2,
      async stop() {
        for (const track of stream.getTracks()) {
          track.removeEventListener('ended', onEnded);
          track.stop();
        }
        source.disconnect();
        node.disconnect();
        channel.port2.close();
        await context.close();
      },
    };
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
    throw explain(error, deviceId !== undefined);
  }
}
