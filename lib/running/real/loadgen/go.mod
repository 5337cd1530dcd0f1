module heapcast/loadgen

go 1.19
