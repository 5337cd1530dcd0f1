// Warnings about settings that cannot do what they seem to (issue "Honest outputs"): a GOMEMLIMIT above the container's
// memory (the OOM killer acts before the limit can), a container smaller than the live heap the scenario asks for.
// The runtime checks them at the start and after every scenario action; each is reported once, at its first instant.

export class SettingsWarnings {
  private readonly list: string[] = [];

  /**
   * Checks the settings in force at `nowNs`: the container's memory limit (null = none), GOMEMLIMIT (null = none) and
   * the live heap the scenario holds or ramps to, bytes.
   */
  check(nowNs: number, containerBytes: number | null, memoryLimitBytes: number | null, liveBytes: number): void {
    const c = containerBytes;
    if (c === null) return;
    const at = `${+(nowNs / 1e9).toFixed(3)} s`;
    const mib = (b: number) => `${+(b / 2 ** 20).toFixed(1)} MiB`;
    if (memoryLimitBytes !== null && memoryLimitBytes > c) {
      this.add(
        `GOMEMLIMIT (${mib(memoryLimitBytes)}) is above the container's memory (${mib(c)}) at ${at}: the OOM killer acts before the limit can`,
      );
    }
    if (liveBytes > c)
      this.add(`the container's memory (${mib(c)}) is smaller than the live heap (${mib(liveBytes)}) at ${at}`);
  }

  /** The warnings so far, in the order they were first raised (a copy). */
  all(): string[] {
    return this.list.slice();
  }

  private add(text: string): void {
    const key = text.slice(0, text.lastIndexOf(" at "));
    if (!this.list.some((w) => w.startsWith(key))) this.list.push(text);
  }
}
