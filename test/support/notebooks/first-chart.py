"""Times a fresh heapcast kernel: start, then the first cell that imports heapcast, runs a scenario and shows a chart.

usage: /usr/bin/python3 first-chart.py  (with JUPYTER_PATH pointing at a folder holding kernels/heapcast; cwd: notebooks/)
Prints one JSON line: {"start_s", "first_chart_s", "total_s", "mime"}.
"""
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

CELL = """import { scenario, run, memoryChart, show } from "heapcast";
const r = run(scenario("api", { duration: "10s" }).liveHeap("32MiB").garbage("50MiB/s"));
await show(memoryChart(r));"""

t0 = time.monotonic()
km, kc = start_new_kernel(kernel_name="heapcast", startup_timeout=60)
t1 = time.monotonic()
try:
    msg_id = kc.execute(CELL)
    mime = None
    error = None
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["msg_type"]
        if t == "display_data" and mime is None:
            mime = sorted(msg["content"]["data"].keys())
            t2 = time.monotonic()
        elif t == "stream" and msg["content"]["name"] == "stderr":
            error = (error or "") + msg["content"]["text"]
        elif t == "error":
            error = (error or "") + msg["content"]["ename"]
        elif t == "status" and msg["content"]["execution_state"] == "idle":
            break
    if mime is None:
        result, code = {"error": error or "no display_data"}, 1
    else:
        result, code = {"start_s": round(t1 - t0, 3), "first_chart_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3), "mime": mime}, 0
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(result), flush=True)
# Skip interpreter teardown: jupyter_client's destructors log after logging is gone.
os._exit(code)
