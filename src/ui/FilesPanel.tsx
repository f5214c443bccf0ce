import { useCallback, useState } from 'react';
import { DEFAULT_UNCERTAIN_BELOW } from '../core/readout';
import { hasOutcome } from '../state/file-status';
import { type FileItem, useFiles } from '../state/files';
import { useModel } from '../state/model';
import { FileResult } from './FileResult';
import { download, exportFormats } from './export';
import { queueSummary } from './queue-summary';
import { RecordingsTable } from './RecordingsTable';

/** Up to this many recordings, each one's card is open unless closed; past it, a card opens from the table. */
const OPEN_UP_TO = 5;

export function FilesPanel() {
  const { items, add, clear, storageError } = useFiles();
  const ready = useModel((s) => s.status === 'ready');
  const info = useModel((s) => s.info);
  const [over, setOver] = useState(false);
  const finished = items.some((i) => hasOutcome(i.status));
  const queue = queueSummary(items.map((i) => i.status));
  // Cards opened or closed from the table, by recording; the others follow OPEN_UP_TO.
  const [toggled, setToggled] = useState<ReadonlyMap<number, boolean>>(new Map());
  const isOpen = useCallback((item: FileItem) => toggled.get(item.id) ?? items.length <= OPEN_UP_TO, [toggled, items.length]);
  const toggle = useCallback(
    (item: FileItem) => {
      const open = !isOpen(item);
      setToggled((t) => new Map(t).set(item.id, open));
      // The card opens below the table: brought into view, as a link would.
      if (open) requestAnimationFrame(() => document.getElementById(`recording-${item.id}`)?.scrollIntoView({ block: 'start' }));
    },
    [isOpen],
  );
  const opened = items.filter(isOpen);

  return (
    <section className="panel files-panel" aria-labelledby="files-title">
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
        <p className="secondary">
          They are analysed on this device; nothing is uploaded. Results (and the files, for playback) are kept in this browser until you remove them.
        </p>
      </div>
      {storageError && (
        <p className="error" role="alert" data-testid="storage-error">
          {storageError}
        </p>
      )}
      {items.length > 0 && (
        <div className="row">
          {info &&
            exportFormats(items, info).map((e) => (
              <button key={e.name} type="button" disabled={!finished} onClick={() => download(e.name, e.text(), e.type)}>
                {e.label}
              </button>
            ))}
          <button type="button" onClick={() => window.confirm(`Delete all ${items.length} recordings and their results from this browser?`) && clear()}>
            Delete all
          </button>
        </div>
      )}
      {queue && (
        <p className="secondary" role="status" data-testid="queue-summary">
          {queue}
        </p>
      )}
      {items.length > 1 && <RecordingsTable items={items} uncertainBelow={info?.uncertainBelow ?? DEFAULT_UNCERTAIN_BELOW} isOpen={isOpen} onToggle={toggle} />}
      <ul className="files">
        {opened.map((item) => (
          <FileResult key={item.id} item={item} onClose={items.length > 1 ? toggle : undefined} />
        ))}
      </ul>
    </section>
  );
}
