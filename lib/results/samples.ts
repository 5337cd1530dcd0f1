// The samples a real run writes (samples.jsonl: one JSON object per line, lib/running/real/README.md "Samples
// format"), parsed.

export type SampleRow = Record<string, number | null>;

/** Parses samples.jsonl text; a line cut by a SIGKILL (the last one) is counted in bad_lines. */
export function parseSampleLines(text: string): { rows: SampleRow[]; bad: number } {
  const rows: SampleRow[] = [];
  let bad = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      rows.push(JSON.parse(line) as SampleRow);
    } catch {
      bad++;
    }
  }
  return { rows, bad };
}
