import { EMOTIONS } from '../core/labels';
import { MODEL_LIMITS } from '../core/model-limits';
import { readHeadline } from '../core/scores';
import { useModel } from '../state/model';
import { percent } from './palette';

const CORPUS_NAMES: Record<string, string> = { ravdess: 'RAVDESS', tess: 'TESS', savee: 'SAVEE', cremad: 'CREMA-D', nemo: 'nEMO' };
const corpusName = (id: string) => CORPUS_NAMES[id] ?? id;
/** "a", "a and b", "a, b and c". */
const and = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));
/** "RAVDESS", "RAVDESS and SAVEE", "RAVDESS, SAVEE and TESS". */
const list = (ids: string[]) => and(ids.map(corpusName));
/** The training CLI's architecture names, as a reader knows the models. */
const MODEL_NAMES: Record<string, string> = { lstm: 'LSTM', cnn: '2-D CNN', 'conv-lstm': 'Conv1D-LSTM', tdnn: 'TDNN', stats: 'window statistics' };
/** "ensemble of LSTM, 2-D CNN and TDNN models", or "LSTM model" for one; a product's first part (`ensemble*member^weight`). */
const modelName = (architecture: string) => {
  const names = architecture
    .split('*')[0]
    .split('+')
    .map((a) => MODEL_NAMES[a] ?? a);
  return names.length > 1 ? `ensemble of ${and(names)} models` : `${names[0]} model`;
};

/** What the model is, how well it measured on speakers it never heard, and what it must not be used for. */
export function ModelCard() {
  const { status, info, error } = useModel();
  const headline = info && readHeadline(info.metrics);
  return (
    <section className="panel model-card" data-testid="model-info" data-status={status} aria-labelledby="model-title">
      <h2 id="model-title">About the model</h2>
      {status === 'loading' && <p role="status">Loading the model…</p>}
      {status === 'error' && (
        <p className="error" role="alert">
          The model could not be loaded: {error}
        </p>
      )}
      {info && (
        <>
          {headline && (
            <p data-testid="model-headline" data-uar={headline.unseenSpeakers.uar}>
              On speakers it never heard, it names the right one of seven emotions <strong>{percent(headline.unseenSpeakers.uar)}</strong> of the time
              (unweighted average recall; chance is {percent(headline.chanceUar)}), measured on {headline.unseenSpeakers.n} recordings of{' '}
              {list(headline.unseenSpeakers.corpora)} speakers held out of training
              {headline.crossval && `; cross-validated over all ${corpusName(headline.crossval.corpus)} speakers, ${percent(headline.crossval.uar)}`}. Expect it
              to be wrong often: read its answers as a hint, not a verdict.
            </p>
          )}
          {Object.entries(headline?.untrainedCorpora ?? {}).map(([corpus, m]) => (
            <p key={corpus} data-testid="untrained-corpus" data-uar={m.uar}>
              {m.language ? `In ${m.language} (${corpusName(corpus)}` : `On ${corpusName(corpus)} (`}, {m.n} recordings of a corpus left out of training):{' '}
              <strong>{percent(m.uar)}</strong> (chance is {percent(m.chanceUar)}).
            </p>
          ))}
          <p>
            The {modelName(info.architecture)} was trained {info.trainedAt.slice(0, 10)} on acted speech (
            {headline ? list(Object.keys(headline.perCorpus)) : 'several corpora'}) to tell seven emotions and the speaker&apos;s gender apart. It runs on this
            device ({info.backend}).
            {info.encoderMember &&
              !info.encoderMember.error &&
              " Beside it, a small convolution reads each moment through a speech encoder pretrained on a large amount of speech (Google's speech_embedding, from openWakeWord), and the two answers are joined."}
          </p>
          {info.encoderMember?.error && (
            <p className="error" role="alert" data-testid="encoder-member-error">
              The speech encoder&apos;s part of the model is off: {info.encoderMember.error}. Answers come from the feature models alone, which read new voices
              less well.
            </p>
          )}
          {/* The figures in detail, folded: the card stays short beside a long list of recordings. */}
          <details className="model-figures" data-testid="model-figures">
            <summary>Its figures, emotion by emotion and corpus by corpus</summary>
            {headline?.unseenSpeakers.recall && (
              <table data-testid="recall-per-emotion">
                <caption>How often it names each emotion right, on speakers it never heard</caption>
                <tbody>
                  {EMOTIONS.map((e) => (
                    <tr key={e}>
                      <th scope="row">{e}</th>
                      <td>{percent(headline.unseenSpeakers.recall![e] ?? 0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {headline?.unseenSpeakers.ece !== undefined && (
              <p data-testid="calibration-note" data-ece={headline.unseenSpeakers.ece}>
                Its percentages are calibrated on voices it never heard: on those speakers, the percentage of its answer was on average{' '}
                {Math.round(100 * headline.unseenSpeakers.ece)} points from how often such answers were right. Under {percent(info.uncertainBelow)} it answers
                &quot;uncertain&quot; and names the two likeliest emotions.
              </p>
            )}
            {headline && (
              <table>
                <caption>Test figures per corpus</caption>
                <thead>
                  <tr>
                    <th scope="col">corpus</th>
                    <th scope="col">test speakers</th>
                    <th scope="col">clips</th>
                    <th scope="col">accuracy</th>
                    <th scope="col">UAR</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(headline.perCorpus).map(([corpus, m]) => (
                    <tr key={corpus}>
                      <td>{corpusName(corpus)}</td>
                      <td>{m.unseenSpeakers ? 'never heard' : 'heard (other words)'}</td>
                      <td>{m.n}</td>
                      <td>{percent(m.accuracy)}</td>
                      <td>{percent(m.uar)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </details>
          <p className="secondary">Limits: {MODEL_LIMITS.join(' ')}</p>
          {info.speechDetectorError ? (
            <p className="error" role="alert" data-testid="speech-detector-error">
              Speech detection is off. {info.speechDetectorError}. Noise and music above the silence level will get emotions too.
            </p>
          ) : (
            <p className="secondary">Only speech is classified: a speech detector (Silero VAD) leaves silence, noise, music and tones out of every result.</p>
          )}
          {info.skippedBackends.length > 0 && <p className="secondary">Backends passed over: {info.skippedBackends.join('; ')}</p>}
        </>
      )}
    </section>
  );
}
