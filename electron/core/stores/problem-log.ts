import type { AppProblem } from '../../../shared/model/wall';
import type { Logger } from '../../common/logger';

/**
 * What the operator must be told about the app itself: a store file that was unreadable
 * and where its old content went. Every store reports here (settings, walls, servers);
 * the core owns the one log, answers `app.problems` from it and announces each new one.
 */
export class ProblemLog {
  private readonly problems: AppProblem[] = [];
  private readonly listeners = new Set<(problems: readonly AppProblem[]) => void>();

  constructor(private readonly log: Logger) {}

  report(problem: AppProblem): void {
    this.problems.push(problem);
    this.log.warn(problem.message, problem.backup === undefined ? undefined : { backup: problem.backup });
    for (const listener of this.listeners) listener(this.list());
  }

  list(): AppProblem[] {
    return this.problems.map((problem) => ({ ...problem }));
  }

  /** Calls `listener` with every problem so far each time one is reported; returns the unsubscribe. */
  onReport(listener: (problems: readonly AppProblem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
