// Everything the bench starts is registered here and stopped in reverse order: at the end, on a
// failure, and on Ctrl-C / SIGTERM. Each step has a time limit so a stuck piece cannot hang the exit.

type Step = { what: string; stop: () => Promise<unknown> };

const STEP_TIMEOUT_MS = 20_000;

export class Cleanup {
  readonly #steps: Step[] = [];
  #running: Promise<void> | undefined;
  readonly #log: (msg: string) => void;

  constructor(log: (msg: string) => void) {
    this.#log = log;
  }

  /** Registers how to stop something just started; later registrations stop first. */
  defer(what: string, stop: () => Promise<unknown>): void {
    this.#steps.push({ what, stop });
  }

  /** Stops everything registered (once; later calls wait for the first). */
  run(): Promise<void> {
    this.#running ??= this.#runSteps();
    return this.#running;
  }

  async #runSteps(): Promise<void> {
    for (const step of this.#steps.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          step.stop(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
          }),
        ]);
      } catch (err) {
        this.#log(`could not stop ${step.what}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        clearTimeout(timer);
      }
    }
    this.#steps.length = 0;
  }

  /** On SIGINT/SIGTERM: stop everything, then exit with 130 / 143. */
  stopOnSignals(): void {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      process.once(signal, () => {
        this.#log(`${signal}: stopping everything`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}
