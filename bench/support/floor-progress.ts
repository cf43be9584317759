/** What the floor worker tells the bench about one run of no-op activities. */
export interface FloorProgress {
  runId: string;
  count: number;
  /** Epoch ms when the latest no-op activity ran. */
  lastAt: number;
}
