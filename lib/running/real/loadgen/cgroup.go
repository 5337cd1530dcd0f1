// The container: the cgroup directories the runner made for this process (lib/running/real/cgroup.ts), read by the
// sampler and written by the plan's container events (an in-place resize). cgroup v1: memory.limit_in_bytes,
// memory.usage_in_bytes, memory.failcnt, cpu.cfs_quota_us, cpu.stat; v2: memory.max, memory.current,
// memory.events, cpu.max, cpu.stat.
package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
)

type cgroupFiles struct {
	version  int    // 1 or 2; 0 = no cgroup
	memDir   string // "" = no memory controller for this run
	cpuDir   string // "" = no cpu controller for this run
	periodUs int64  // CFS period the runner set
	ignore   bool   // --no-limits: container events are logged, not enforced
}

func writeCg(path, val string) error { return os.WriteFile(path, []byte(val), 0o644) }

// resize applies a container event; it returns a note saying what was written or why nothing was.
func (c *cgroupFiles) resize(e *Event) string {
	var notes []string
	if e.SetMemory {
		switch {
		case c.ignore || c.memDir == "":
			notes = append(notes, "memory limit NOT enforced (no memory cgroup: --no-limits)")
		default:
			var file, val string
			if c.version == 2 {
				file, val = "memory.max", "max"
				if e.Memory != nil {
					val = strconv.FormatInt(*e.Memory, 10)
				}
			} else {
				file, val = "memory.limit_in_bytes", "-1"
				if e.Memory != nil {
					val = strconv.FormatInt(*e.Memory, 10)
				}
			}
			if err := writeCg(filepath.Join(c.memDir, file), val); err != nil {
				atomic.AddInt64(&cContainerErrs, 1)
				notes = append(notes, fmt.Sprintf("writing %s=%s failed: %v", file, val, err))
			} else {
				notes = append(notes, fmt.Sprintf("%s=%s", file, val))
			}
		}
	}
	if e.SetCPUs {
		switch {
		case c.ignore || c.cpuDir == "":
			notes = append(notes, "CPU quota NOT enforced (no cpu cgroup: --no-limits)")
		default:
			quota := int64(-1)
			if e.CPUs != nil {
				quota = int64(math.Round(*e.CPUs * float64(c.periodUs)))
			}
			var file, val string
			if c.version == 2 {
				file, val = "cpu.max", fmt.Sprintf("max %d", c.periodUs)
				if quota > 0 {
					val = fmt.Sprintf("%d %d", quota, c.periodUs)
				}
			} else {
				file, val = "cpu.cfs_quota_us", strconv.FormatInt(quota, 10)
			}
			if err := writeCg(filepath.Join(c.cpuDir, file), val); err != nil {
				atomic.AddInt64(&cContainerErrs, 1)
				notes = append(notes, fmt.Sprintf("writing %s=%s failed: %v", file, val, err))
			} else {
				notes = append(notes, fmt.Sprintf("%s=%s", file, val))
			}
		}
	}
	return strings.Join(notes, "; ")
}

func readFileInto(path string, buf []byte) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	n, _ := f.Read(buf)
	f.Close()
	return buf[:n]
}

func parseIntBytes(b []byte) int64 {
	x, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return x
}

// appendCgroup appends the cg.* sample fields: cg.mem_usage_bytes, cg.mem_failcnt (v1; v2: memory.events "max"),
// cg.oom_kill (v2 memory.events), cg.nr_periods, cg.nr_throttled, cg.throttled_time (ns).
func (c *cgroupFiles) appendCgroup(b []byte, buf []byte) []byte {
	if c.memDir != "" {
		if c.version == 2 {
			if v := readFileInto(c.memDir+"/memory.current", buf); v != nil {
				b = appendKV(b, "cg.mem_usage_bytes", parseIntBytes(v))
			}
			if v := readFileInto(c.memDir+"/memory.events", buf); v != nil {
				for _, line := range strings.Split(string(v), "\n") {
					fs := strings.Fields(line)
					if len(fs) == 2 && fs[0] == "max" {
						b = appendKV(b, "cg.mem_failcnt", parseIntBytes([]byte(fs[1])))
					}
				}
			}
		} else {
			if v := readFileInto(c.memDir+"/memory.usage_in_bytes", buf); v != nil {
				b = appendKV(b, "cg.mem_usage_bytes", parseIntBytes(v))
			}
			if v := readFileInto(c.memDir+"/memory.failcnt", buf); v != nil {
				b = appendKV(b, "cg.mem_failcnt", parseIntBytes(v))
			}
		}
	}
	if c.cpuDir != "" {
		if v := readFileInto(c.cpuDir+"/cpu.stat", buf); v != nil {
			for _, line := range strings.Split(string(v), "\n") {
				fs := strings.Fields(line)
				if len(fs) != 2 {
					continue
				}
				x, _ := strconv.ParseInt(fs[1], 10, 64)
				switch fs[0] {
				case "nr_periods", "nr_throttled", "throttled_time":
					b = appendKV(b, "cg."+fs[0], x)
				case "throttled_usec": // v2
					b = appendKV(b, "cg.throttled_time", x*1000)
				}
			}
		}
	}
	return b
}
