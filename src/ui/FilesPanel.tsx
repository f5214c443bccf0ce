import { useState } from 'react';
import { useFiles } from '../state/files';
import { DEFAULT_UNCERTAIN_BELOW } from '../core/readout';
import { useModel } from '../state/model';
import { FileResult } from './FileResult';
import { download, resultsCsv, resultsJson } from './export';

export function FilesPanel() {
  const { items, add, clear } = useFiles();
  const ready = useModel((s) => s.status === 'ready');
  const uncertainBelow = useModel((s) => s.info?.uncertainBelow ?? DEFAULT_UNCERTAIN_BELOW);
  const [over, setOver] = useState(false);
  const finished = items.some((i) => i.status === 'done' || i.status === 'error');

  return (
    <section className="panel" aria-labelledby="files-title">
      <h2 id="files-title">Recordings</h2>
      <div
        className={over ? 'drop-zone over' : 'drop-zone'}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer.files.length) add(e.dataTransfer.files);
        }}
      >
        <p>Drop audio files here (WAV, FLAC, MP3, Ogg/Opus, M4A/AAC, WebM), or</p>
        <label className="button">
          choose files
          <input
            type="file"
            multiple
            accept="audio/*,.wav,.flac,.mp3,.ogg,.opus,.m4a,.aac,.webm,.aif,.aiff"
            data-testid="file-input"
            disabled={!ready}
            onChange={(e) => {
              if (e.target.files?.length) add(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <p className="secondary">They are analysed on this device; nothing is uploaded.</p>
      </div>
      {items.length > 0 && (
        <div className="row">
          <button type="button" disabled={!finished} onClick={() => download('emotions.csv', resultsCsv(items, uncertainBelow), 'text/csv')}>
            Export CSV
          </button>
          <button type="button" disabled={!finished} onClick={() => download('emotions.json', resultsJson(items, uncertainBelow), 'application/json')}>
            Export JSON
          </button>
          <button type="button" onClick={clear}>
            Clear all
          </button>
        </div>
      )}
      <ul className="files">
        {items.map((item) => (
          <FileResult key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}
