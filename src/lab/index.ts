export type { CaseOutcome, LabReport, Mode, ModeReport, ScenarioReport } from './report.js';
export { runLab, SCENARIOS, scenarioNames, UnknownScenarioError } from './runner.js';
export type { Scenario } from './scenario.js';
