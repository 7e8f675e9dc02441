const started = performance.now();

/** One progress line on stdout, stamped with the seconds since the benchmark started. */
export function progress(line: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${seconds}s] ${line}`);
}

export const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
