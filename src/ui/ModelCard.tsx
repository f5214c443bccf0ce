import { useModel } from '../state/model';
import { percent } from './palette';

interface Summary {
  n: number;
  accuracy: number;
  uar: number;
  macroF1: number;
  perCorpus?: Record<string, { n: number; accuracy: number; uar: number }>;
}

/** What the model is, how well it measured on held-out speakers, and what it must not be used for. */
export function ModelCard() {
  const { status, info, error } = useModel();
  const test = info?.metrics.test as Summary | undefined;
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
          <p>
            A {info.architecture} network trained {info.trainedAt.slice(0, 10)} on acted English speech (RAVDESS, TESS and SAVEE) to tell seven
            emotions and the speaker&apos;s gender apart. It runs on this device ({info.backend}).
          </p>
          {test && (
            <>
              <p>
                On speakers it never heard (speaker-independent test split, {test.n} clips): accuracy {percent(test.accuracy)}, unweighted average
                recall {percent(test.uar)}, macro-F1 {percent(test.macroF1)}.
              </p>
              {test.perCorpus && (
                <table>
                  <caption>Test figures per corpus</caption>
                  <thead>
                    <tr>
                      <th scope="col">corpus</th>
                      <th scope="col">clips</th>
                      <th scope="col">accuracy</th>
                      <th scope="col">UAR</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(test.perCorpus).map(([corpus, m]) => (
                      <tr key={corpus}>
                        <td>{corpus}</td>
                        <td>{m.n}</td>
                        <td>{percent(m.accuracy)}</td>
                        <td>{percent(m.uar)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
          <p className="secondary">
            Limits: trained on actors reading two sentences or single words in a studio; real conversations, other languages, children and noisy rooms
            will be misread more often. It guesses how speech sounds, not what anyone feels: it is not a diagnostic tool and must not be used to judge
            people. Non-commercial use only (licences of the training corpora).
          </p>
          {info.skippedBackends.length > 0 && <p className="secondary">Backends passed over: {info.skippedBackends.join('; ')}</p>}
        </>
      )}
    </section>
  );
}
