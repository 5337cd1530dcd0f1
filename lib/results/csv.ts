// CSV written as it is produced, one record at a time (a run of millions of GC cycles never holds its table or its
// text in memory), byte for byte as arquero's toCSV writes the same table (tables.ts): values as strings, null as an
// empty field, a field holding a comma, a quote or a line break quoted with its quotes doubled.

import * as fs from "node:fs";
import type { Column } from "./tables";

const NEEDS_QUOTES = /[",\n\r]/;

function field(v: number | string | boolean | null): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes `rows` as CSV to the open file descriptor `fd`, flushing every ~1 MiB. */
export function writeCsv<R>(fd: number, columns: readonly Column<R>[], rows: Iterable<R>): void {
  let buf = columns.map(([name]) => field(name)).join(",") + "\n";
  const line: string[] = new Array(columns.length);
  for (const r of rows) {
    for (let i = 0; i < columns.length; i++) line[i] = field(columns[i][1](r));
    buf += line.join(",") + "\n";
    if (buf.length >= 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  if (buf.length > 0) fs.writeSync(fd, buf);
}
