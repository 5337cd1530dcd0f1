// Time: seconds since the load generator started (the plan's time origin), and sleeping on absolute grids.
package main

import (
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

var (
	t0      time.Time
	t0rt    float64 // t0 in seconds since Go runtime init (approx.; gctrace's "@t" time base)
	stopped int32   // 1 once the run is over
)

func now() float64 { return time.Since(t0).Seconds() }

func isStopped() bool { return atomic.LoadInt32(&stopped) != 0 }

// sleepOnGrid sleeps until the next instant origin + k·period (seconds) after now.
func sleepOnGrid(origin, period float64) {
	t := now()
	k := math.Floor((t-origin)/period) + 1
	next := origin + k*period
	time.Sleep(time.Duration((next - t) * 1e9))
}

// monotonicOffset returns t's monotonic clock reading, which the time package measures from its own
// initialisation (a few microseconds after the runtime's runtimeInitTime, the zero of gctrace's "@t").
// Time.String prints it as "m=+S".
func monotonicOffset(t time.Time) float64 {
	s := t.String()
	i := strings.Index(s, " m=")
	if i < 0 {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(strings.TrimPrefix(s[i+3:], "+"), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// sleepFor sleeps d seconds.
func sleepFor(d float64) { time.Sleep(time.Duration(d * 1e9)) }
