import workletUrl from './capture.worklet.ts?worker&url';

export interface Microphone {
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

function explain(error: unknown): MicrophoneError {
  const name = (error as DOMException)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new MicrophoneError('Microphone access was denied. Allow it in the browser\'s site settings, or analyse files instead.');
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
 * Opens the microphone (echo cancellation, noise suppression and auto gain off unless `processing`)
 * and an AudioWorklet that streams its samples to a port. `onEnded` fires if the device goes away.
 */
export async function openMicrophone(processing: boolean, onEnded: () => void): Promise<Microphone> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MicrophoneError('This browser gives no microphone access here (a secure https page is needed).');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: processing, noiseSuppression: processing, autoGainControl: processing, channelCount: 1 },
    });
  } catch (error) {
    throw explain(error);
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
    throw explain(error);
  }
}
