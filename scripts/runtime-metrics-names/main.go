// Prints every runtime/metrics name this toolchain's runtime exports, with its kind and whether it is cumulative,
// as JSON lines: {"name":"/gc/heap/goal:bytes","kind":"uint64","cumulative":false}. generate.sh runs it with every
// release and writes lib/results/importers/runtime-metrics-names.ts.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/metrics"
)

func main() {
	kinds := map[metrics.ValueKind]string{metrics.KindUint64: "uint64", metrics.KindFloat64: "float64", metrics.KindFloat64Histogram: "histogram", metrics.KindBad: "bad"}
	enc := json.NewEncoder(os.Stdout)
	for _, d := range metrics.All() {
		if err := enc.Encode(map[string]any{"name": d.Name, "kind": kinds[d.Kind], "cumulative": d.Cumulative}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
