/**
 * Runs `task` now and every `everyMs`, never two at once in this process (a run still under way when
 * the next is due lets it pass); the timer keeps no process alive. Returns the function that stops it,
 * waiting for a run under way. `task` handles its own errors.
 */
export function repeat(task: () => Promise<void>, everyMs: number): () => Promise<void> {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= task().finally(() => (running = null));
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
