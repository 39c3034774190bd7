/**
 * Structured, levelled logging to stderr. stdout is reserved for the launcher's single
 * `Tessera wall: <url>` line, which scripts and tests read.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export function createLogger(scope: string, level: LogLevel = levelFromEnv(), sink: LogSink = (line) => process.stderr.write(line + '\n')): Logger {
  const write = (at: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields, errorReplacer) : '';
    sink(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${scope}] ${message}${extra}`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (sub) => createLogger(`${scope}:${sub}`, level, sink),
  };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

function levelFromEnv(): LogLevel {
  const value = process.env['TESSERA_LOG'];
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' ? value : 'info';
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
