import { errorMessage } from '../core/errors';
import type { BackendName, ModelInfo } from '../protocol';

/** A loaded model and what the page was told of it. */
export interface Loaded<M> {
  model: M;
  info: ModelInfo;
}

/** What the engine needs from tfjs (or from a test): loading on a backend, bringing one back, letting a model go. */
export interface EngineBackend<M> {
  /** Starts the first of `backends` that works and loads the model on it (the model in use is still loaded). */
  load(backends: BackendName[]): Promise<Loaded<M>>;
  /** After a failed load: brings back the backend of the model in use. */
  restore(current: Loaded<M>): Promise<void>;
  dispose(model: M): void;
  /** Whether anything uses the model now: a move that is not forced waits until nothing does. */
  busy(): boolean;
}

/** A move to other backends: away from a backend that broke the model (at once), or to a faster one (when idle). */
export interface Move {
  backends: BackendName[];
  /** For the model card's list of backends passed over. */
  notes: string[];
  /** The model no longer works where it is (the browser took its WebGL context). */
  broken: boolean;
}

/** Thrown by every use when there is no usable model; crosses to the page by name. */
export class ModelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

/**
 * Where the model is in its life: none yet; the first load under way; ready; moving to other backends
 * (uses wait); or broken where it was with no backend to move to (uses fail with the reason).
 */
export type EnginePhase = 'empty' | 'loading' | 'ready' | 'moving' | 'broken';

/**
 * The model's life in the analysis worker, as a small state machine. Loads run one after another, since
 * tfjs backends must not start side by side. A model is let go only once its replacement works: a load or
 * a move that fails leaves the model in use where it was (and the page is told of a failed move). A move
 * waits for the model's next use, and for nothing else to be using it, unless the model is broken.
 */
export class AnalysisEngine<M> {
  private current: Loaded<M> | undefined;
  private phase: EnginePhase = 'empty';
  private brokenBy = '';
  private loads: Promise<unknown> = Promise.resolve();
  private pending: Move | undefined;
  private moving: Promise<void> | undefined;
  private onChange: ((info: ModelInfo) => void) | undefined;

  constructor(private readonly backend: EngineBackend<M>) {}

  get state(): { phase: EnginePhase; info?: ModelInfo; pending?: Move } {
    return { phase: this.phase, info: this.current?.info, pending: this.pending };
  }

  /** Loads the model on the first of `backends` that works (after the loads before it); `onChange` hears of later moves. */
  load(backends: BackendName[], onChange?: (info: ModelInfo) => void): Promise<Loaded<M>> {
    if (onChange) this.onChange = onChange;
    if (!this.current) this.phase = 'loading';
    const next = this.loads.then(() => this.replace(backends));
    this.loads = next.catch(() => undefined);
    return next;
  }

  /** Asks for a move at the model's next use; a broken model's move replaces any other. */
  requestMove(move: Move): void {
    if (this.pending?.broken && !move.broken) return;
    this.pending = move;
  }

  /** The model, once any move it is due has been made. */
  async use(): Promise<Loaded<M>> {
    await this.settle();
    return this.require();
  }

  /** The model as it is now, for what only reads its metadata. */
  require(): Loaded<M> {
    if (this.phase === 'broken') throw new ModelUnavailableError(`The model stopped working (${this.brokenBy}): reload the page`);
    if (!this.current) throw new ModelUnavailableError('The model is not loaded');
    return this.current;
  }

  /** Makes the pending move, if it may be made now, and tells the page; or waits for the one under way. */
  settle(): Promise<void> {
    if (this.moving) return this.moving;
    const move = this.pending;
    if (!move || !this.current || (!move.broken && this.backend.busy())) return Promise.resolve();
    this.pending = undefined;
    this.phase = 'moving';
    this.moving = this.move(move).finally(() => {
      this.moving = undefined;
    });
    return this.moving;
  }

  private async move(move: Move): Promise<void> {
    try {
      const { info } = await this.load(move.backends);
      info.skippedBackends.unshift(...move.notes);
      this.onChange?.(info);
    } catch (error) {
      const failed = `${move.backends.join(', ')}: the move failed (${errorMessage(error)})`;
      if (move.broken) {
        // The model cannot stay where the browser broke it: every use says why.
        this.phase = 'broken';
        this.brokenBy = `${move.notes.join('; ')}; ${failed}`;
        throw error;
      }
      const current = this.require();
      current.info = {
        ...current.info,
        skippedBackends: [...move.notes, `${failed}; the model stays on ${current.info.backend}`, ...current.info.skippedBackends],
      };
      this.onChange?.(current.info);
    }
  }

  private async replace(backends: BackendName[]): Promise<Loaded<M>> {
    const before = this.current;
    let next: Loaded<M>;
    try {
      next = await this.backend.load(backends);
    } catch (error) {
      if (before) await this.backend.restore(before);
      this.phase = before ? (this.phase === 'broken' ? 'broken' : 'ready') : 'empty';
      throw error;
    }
    if (before) this.backend.dispose(before.model);
    this.current = next;
    this.phase = 'ready';
    return next;
  }
}
