export { errorRecords, type LogRecord, MAX_LINE, type ScanStats } from './records.js';
export {
  type LogGroup,
  type LogSummary,
  recordShape,
  type SummarizeOptions,
  summarizeLog,
} from './summary.js';
