// Doyensec's Electronegativity over electron/: fails (exit 1) on any finding of high
// severity or above. Run by `npm test`.
//
// Run through its API rather than its CLI, because the CLI exits 0 whatever it finds.
// Offline-safe: the Electron version is the installed one (the scanner would otherwise
// guess), and the one check that downloads Electron's release list to say whether a newer
// Electron has security fixes is left out — it cannot work where only the npm registry is
// reachable, and `npm outdated electron` answers the same question. Every check about
// this code runs.
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const { version: electronVersion } = require('electron/package.json');
const input = resolve(import.meta.dirname, '../electron');
const NEEDS_NETWORK = ['AvailableSecurityFixesGlobalCheck'];
const SEVERITY_ORDER = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

// The scanner announces a failed download of translations on stdout; keep our output to the findings.
const log = console.log;
console.log = () => undefined;
let result;
try {
  result = await run({ input, electronVersionOverride: electronVersion, excludeFromScan: NEEDS_NETWORK, severitySet: 'informational', confidenceSet: 'tentative', parserPlugins: [] });
} finally {
  console.log = log;
}

const blocking = result.issues.filter((issue) => SEVERITY_ORDER.indexOf(issue.severity.name) >= SEVERITY_ORDER.indexOf('HIGH'));
const broken = result.errors.filter((error) => !error.tolerable);
for (const issue of result.issues) {
  const where = `${relative(process.cwd(), issue.file)}:${issue.location.line}:${issue.location.column}`;
  log(`${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id.padEnd(40)} ${where}${issue.manualReview ? ' (review)' : ''}`);
}
for (const error of broken) console.error(`electronegativity could not parse ${error.file}: ${error.message}`);
log(`electronegativity ${result.globalChecks + result.atomicChecks} checks over electron/ (Electron ${electronVersion}): ${result.issues.length} findings, ${blocking.length} high or critical`);
// A file the scanner cannot parse is a file it did not check.
process.exit(blocking.length > 0 || broken.length > 0 ? 1 : 0);
