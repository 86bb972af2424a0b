/**
 * An environment for a child process whose colour the test decides, not the machine: picocolors turns colour
 * on for any `CI` variable (CI services set one) and for FORCE_COLOR, and Node's console.log colours numbers
 * and booleans even into a pipe when FORCE_COLOR is set. FORCE_COLOR wins over NO_COLOR, so it is removed.
 */
export function colourEnv(colour: boolean): NodeJS.ProcessEnv {
  const { CI: _ci, FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env;
  return colour ? { ...env, FORCE_COLOR: '1' } : { ...env, NO_COLOR: '1' };
}
