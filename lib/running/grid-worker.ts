// A grid's worker thread: receives the shared context once (workerData), then batches of jobs; posts one message per
// finished run, or one error message (and stops taking work) if a run fails; closes when told to. See
// lib/running/grid.ts.

import { parentPort, workerData } from "node:worker_threads";
import { runJob, RunJob, GridContext } from "./grid-run";

/** A batch of jobs, or (after the last result) the request to close: the worker then exits on its own. */
export type ToWorker = { jobs: RunJob[] } | { close: true };
export type FromWorker =
  | { kind: "result"; index: number; metrics: ReturnType<typeof runJob> }
  | { kind: "error"; index: number; name: string; message: string; stack?: string };

if (parentPort) {
  const port = parentPort;
  const ctx = workerData as GridContext;
  let failed = false;
  port.on("message", (msg: ToWorker) => {
    if ("close" in msg) return port.close(); // nothing else keeps the thread alive: it exits
    for (const job of msg.jobs) {
      if (failed) return;
      try {
        port.postMessage({ kind: "result", index: job.index, metrics: runJob(ctx, job) } satisfies FromWorker);
      } catch (e) {
        failed = true;
        const err = e as Error;
        port.postMessage({
          kind: "error",
          index: job.index,
          name: err?.name ?? "Error",
          message: err?.message ?? String(e),
          stack: err?.stack,
        } satisfies FromWorker);
      }
    }
  });
}
