import { useState } from 'react';
import { useWallsUi } from './walls-ui';

/** What went wrong with the app itself (a damaged store file and where it was kept), until dismissed. */
export function AppProblems() {
  const problems = useWallsUi((state) => state.problems);
  const [seen, setSeen] = useState(0);
  if (problems.length <= seen) return null;
  return (
    <div className="app-problems" role="alert">
      <ul className="app-problems__list">
        {problems.slice(seen).map((problem, index) => (
          <li key={index} data-testid="app-problem" data-backup={problem.backup}>
            {problem.message}
          </li>
        ))}
      </ul>
      <button type="button" className="button" data-testid="app-problems-dismiss" onClick={() => setSeen(problems.length)}>
        Dismiss
      </button>
    </div>
  );
}
