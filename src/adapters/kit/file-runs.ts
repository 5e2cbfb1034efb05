/**
 * The items in order, each run of files that follow one another as one list of at most `max`:
 * an adapter sends a run as one message (the letter, its PDF and the calendar, one notification).
 */
export function withFileRuns<M, F>(
  items: readonly (M | F)[],
  isFile: (item: M | F) => item is F,
  max = Number.POSITIVE_INFINITY,
): Array<M | F[]> {
  const runs: Array<M | F[]> = [];
  let run: F[] | null = null;
  for (const item of items) {
    if (!isFile(item)) {
      runs.push(item);
      run = null;
    } else if (run && run.length < max) {
      run.push(item);
    } else {
      run = [item];
      runs.push(run);
    }
  }
  return runs;
}
