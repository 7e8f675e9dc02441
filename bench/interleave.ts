/**
 * Runs `first` countFirst times and `second` countSecond times, one call at a time, spread
 * evenly over each other (ABAB... for equal counts, ABBABB... for 1:2), so that two kinds
 * of request are measured under the same conditions rather than one block after the other.
 */
export async function interleave(
  countFirst: number,
  first: (index: number) => Promise<void>,
  countSecond: number,
  second: (index: number) => Promise<void>,
  onStep?: (done: { first: number; second: number }) => void,
): Promise<void> {
  let doneFirst = 0;
  let doneSecond = 0;
  while (doneFirst < countFirst || doneSecond < countSecond) {
    const shareFirst = countFirst > 0 ? doneFirst / countFirst : 1;
    const shareSecond = countSecond > 0 ? doneSecond / countSecond : 1;
    if (doneFirst < countFirst && (shareFirst <= shareSecond || doneSecond >= countSecond)) await first(doneFirst++);
    else await second(doneSecond++);
    onStep?.({ first: doneFirst, second: doneSecond });
  }
}
