// Settings that cannot do what they seem to (kernel/warnings.ts): each warned once, at its first instant.
import { SettingsWarnings } from "../../kernel/warnings";

const MiB = 2 ** 20;

test("GOMEMLIMIT above the container and a container below the live heap are warned once each", () => {
  const w = new SettingsWarnings();
  w.check(0, 512 * MiB, 1024 * MiB, 100 * MiB);
  w.check(5e9, 512 * MiB, 1024 * MiB, 100 * MiB); // the same warning later: not repeated
  w.check(10e9, 64 * MiB, null, 100 * MiB);
  expect(w.all()).toEqual([
    "GOMEMLIMIT (1024 MiB) is above the container's memory (512 MiB) at 0 s: the OOM killer acts before the limit can",
    "the container's memory (64 MiB) is smaller than the live heap (100 MiB) at 10 s",
  ]);
});

test("no container: nothing to warn about", () => {
  const w = new SettingsWarnings();
  w.check(0, null, 1024 * MiB, 100 * MiB);
  expect(w.all()).toEqual([]);
});
