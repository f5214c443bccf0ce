import { memo, useMemo, useState } from 'react';
import { EMOTIONS } from '../core/labels';
import { readoutText } from '../core/readout';
import { clockTime } from '../core/time';
import { type Answer, answerOf } from '../core/utterances';
import type { FileStatus } from '../state/file-status';
import type { FileItem } from '../state/files';
import { percent } from './palette';
import { Swatch } from './Swatch';
import { STATUS_TEXT } from './status-text';
import { summaryOf } from './summaries';

/** What a row shows, and sorts and filters by. */
interface Row {
  item: FileItem;
  answer: Answer | '';
  text: string;
  confidence: number;
  speech: number;
}

type SortKey = 'order' | 'name' | 'length' | 'answer' | 'confidence' | 'speech' | 'status';

const STATUS_ORDER: FileStatus[] = ['processing', 'queued', 'done', 'no-speech', 'error', 'cancelled'];

const compare: Record<SortKey, (a: Row, b: Row) => number> = {
  order: () => 0,
  name: (a, b) => a.item.name.localeCompare(b.item.name, undefined, { numeric: true }),
  length: (a, b) => (a.item.analysis?.duration ?? -1) - (b.item.analysis?.duration ?? -1),
  answer: (a, b) => a.answer.localeCompare(b.answer),
  confidence: (a, b) => a.confidence - b.confidence,
  speech: (a, b) => a.speech - b.speech,
  status: (a, b) => STATUS_ORDER.indexOf(a.item.status) - STATUS_ORDER.indexOf(b.item.status),
};

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Recording' },
  { key: 'length', label: 'Length' },
  { key: 'answer', label: 'Answer' },
  { key: 'confidence', label: 'Confidence' },
  { key: 'speech', label: 'Speech' },
  { key: 'status', label: 'Status' },
];

const TableRow = memo(function TableRow({ row, open, onToggle }: { row: Row; open: boolean; onToggle: (item: FileItem) => void }) {
  const { item, answer, text, confidence, speech } = row;
  return (
    <tr data-testid="recording-row" data-name={item.name} data-status={item.status} data-emotion={answer} data-confidence={answer ? confidence : ''}>
      <td>
        <button type="button" className="link file-name" aria-expanded={open} onClick={() => onToggle(item)}>
          {item.name}
        </button>
      </td>
      <td>{item.analysis ? clockTime(item.analysis.duration) : ''}</td>
      <td>
        {answer && <Swatch emotion={answer === 'uncertain' ? null : answer} />}
        {text}
        {/* Why it has none: a list of hundreds says so in the row, without opening the card. */}
        {item.error && (
          <span className={item.status === 'error' ? 'error' : 'secondary'} data-testid="row-error">
            {item.error}
          </span>
        )}
      </td>
      <td>{answer ? percent(confidence) : ''}</td>
      <td>{item.analysis ? clockTime(speech) : ''}</td>
      <td>{item.status === 'processing' ? `${Math.floor(item.progress * 100)}%` : STATUS_TEXT[item.status]}</td>
    </tr>
  );
});

/**
 * All the recordings in one compact table, sortable by any column and filtered by answer and status; a
 * recording's name opens its detailed card.
 */
export function RecordingsTable({
  items,
  uncertainBelow,
  isOpen,
  onToggle,
}: {
  items: FileItem[];
  uncertainBelow: number;
  isOpen: (item: FileItem) => boolean;
  onToggle: (item: FileItem) => void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'order', descending: false });
  const [answerFilter, setAnswerFilter] = useState<Answer | ''>('');
  const [statusFilter, setStatusFilter] = useState<FileStatus | ''>('');
  const rows = useMemo(
    () =>
      items.map((item): Row => {
        const summary = summaryOf(item, uncertainBelow);
        return {
          item,
          answer: summary ? answerOf(summary.overall) : '',
          text: summary ? readoutText(summary.overall) : '',
          confidence: summary?.overall.confidence ?? -1,
          speech: summary?.speechSeconds ?? 0,
        };
      }),
    [items, uncertainBelow],
  );
  const shown = useMemo(() => {
    const kept = rows.filter((r) => (!answerFilter || r.answer === answerFilter) && (!statusFilter || r.item.status === statusFilter));
    const sign = sort.descending ? -1 : 1;
    return sort.key === 'order' ? kept : [...kept].sort((a, b) => sign * compare[sort.key](a, b));
  }, [rows, answerFilter, statusFilter, sort]);
  const sortBy = (key: SortKey) =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'confidence' || key === 'length' || key === 'speech' }));
  const statuses = STATUS_ORDER.filter((s) => items.some((i) => i.status === s));
  return (
    <div className="recordings">
      <div className="row filters">
        <label>
          Answer{' '}
          <select value={answerFilter} onChange={(e) => setAnswerFilter(e.target.value as Answer | '')} data-testid="filter-answer">
            <option value="">any</option>
            {[...EMOTIONS, 'uncertain' as const].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as FileStatus | '')} data-testid="filter-status">
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </label>
        <span className="secondary" role="status">
          {shown.length === items.length ? `${items.length} recordings` : `${shown.length} of ${items.length} recordings shown`}
        </span>
      </div>
      <div className="table-scroll">
        <table data-testid="recordings-table">
          <caption className="visually-hidden">Recordings: choose a name to open its result</caption>
          <thead>
            <tr>
              {COLUMNS.map(({ key, label }) => (
                <th key={key} scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                  <button type="button" className="link" onClick={() => sortBy(key)}>
                    {label}
                    {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <TableRow key={row.item.id} row={row} open={isOpen(row.item)} onToggle={onToggle} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
