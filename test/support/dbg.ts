import { loadPlan } from "../../lib/cli";
import { run } from "../../lib/run";
const r = run(loadPlan(process.argv[2]));
const from = +process.argv[3], n = +(process.argv[4] ?? 4);
for (const c of r.raw.cycles.slice(from, from + n)) console.log(JSON.stringify({c: c.cycle, t: +(c.startNs/1e9).toFixed(3), h0: +(c.heapStartBytes/2**20).toFixed(1), h1: +(c.heapEndBytes/2**20).toFixed(1), h2: +(c.heapMarkedBytes/2**20).toFixed(1), goal: +(c.heapGoalBytes/2**20).toFixed(1), trig: +(c.heapTriggerBytes/2**20).toFixed(1), markMs: +(c.markNs/1e6).toFixed(1), stw: +(Math.max(c.stw1Ns,c.stw2Ns)/1e6).toFixed(2), u: +c.utilization.toFixed(3), idle: +(c.idleCpuNs/1e6).toFixed(1), bg: +(c.backgroundCpuNs/1e6).toFixed(1), as: +(c.assistCpuNs/1e6).toFixed(1), lim: c.limiterOn}));
console.log(r.raw.events.filter(e => e.kind.startsWith("limiter")).slice(0, 6));
