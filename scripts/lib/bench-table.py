"""Prints scripts/bench's end-to-end results (JSON lines) as one table, with MDME's rate as a
share of the machine's raw baselines at the same concurrency."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
baseline = {(r["benchmark"], r["concurrency"]): r["per_second"] for r in rows if r["benchmark"] in ("amqp_round_trip", "pgbench_insert")}
print()
print(f"{'measurement':<34} {'conc':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs pgbench':>10} {'vs AMQP':>8}")
for r in rows:
    if r["benchmark"] == "http":
        c = r["concurrency"]
        pg = baseline.get(("pgbench_insert", c))
        mq = baseline.get(("amqp_round_trip", c))
        share = lambda base: f"{r['per_second'] / base:.0%}" if base else "-"
        print(f"{r['endpoint']:<34} {c:>5} {r['per_second']:>8.0f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7} {share(pg):>10} {share(mq):>8}")
cpu_rows = [r for r in rows if r["benchmark"] == "http" and r.get("cpu_ms_per_request")]
if cpu_rows:
    names = sorted({name for r in cpu_rows for name in r["cpu_ms_per_request"]})
    print()
    print(f"{'CPU ms per request':<34} {'conc':>5} " + " ".join(f"{name:>9}" for name in names) + f" {'total':>9} {'2 cores allow':>14}")
    for r in cpu_rows:
        cpu = r["cpu_ms_per_request"]
        total = sum(cpu.values())
        ceiling = f"{2000 / total:.0f}/s" if total else "-"
        print(f"{r['endpoint']:<34} {r['concurrency']:>5} " + " ".join(f"{cpu.get(name, 0):>9.2f}" for name in names) + f" {total:>9.2f} {ceiling:>14}")
    print()
for r in rows:
    if r["benchmark"] in ("amqp_round_trip", "pgbench_insert"):
        extra = f" (fsync {r['fsync']})" if "fsync" in r else ""
        print(f"{'baseline ' + r['benchmark'] + extra:<34} {r['concurrency']:>5} {r['per_second']:>8.0f}")
for r in rows:
    if r["benchmark"] in ("peak_rss", "idle_rss"):
        print(f"{r['benchmark'].replace('_', ' ') + ' ' + r['process']:<34} {r['kib'] / 1024:>14.1f} MiB")
for r in rows:
    if r["benchmark"] == "handler_time":
        print(f"{'handler time ' + r['process']:<34} {r['mean_ms']:>14.3f} ms mean over {r['messages']} messages in {r['batches']} batches")
