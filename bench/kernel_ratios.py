#!/usr/bin/env python3
"""Each classic kernel against its hand-written yardstick, from one run of
commsim_bench (so both sides share the binary and the machine's load).

    bench/kernel_ratios.py [BENCH_BINARY] [--n N] [--repetitions R]

Runs the SIS, Hegselmann-Krause and Deffuant cases and their yardsticks at
n people on 1 and 2 threads, repetitions interleaved at random, and prints
the median agent-updates/s of each, the ratio yardstick / engine (1.0 means
the engine is as fast as the hand-written loop) and the load average before
and after. It also gives the ratio of the best repetitions (the fastest of
each side: on a machine shared with other work, the repetitions that ran
while it was quiet), and on 1 thread both rates by CPU time (the benchmark
thread does all the work there), which other processes disturb far less
than wall time.
"""
import argparse
import json
import statistics
import subprocess
import tempfile

PAIRS = [("SIS", "BM_SisDay", "BM_SisHandwritten"),
         ("Hegselmann-Krause", "BM_HkDay", "BM_HkHandwritten"),
         ("Deffuant (synchronous)", "BM_DeffuantDay", "BM_DeffuantHandwritten")]


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default="build/release/bench/commsim_bench")
    parser.add_argument("--n", type=int, default=100000)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-time", default="1")
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    args = parser.parse_args()
    names = "|".join(name for _, engine, hand in PAIRS for name in (engine, hand))
    thread_counts = [int(t) for t in args.threads.split(",")]
    threads_re = "|".join(str(t) for t in thread_counts)
    before = loadavg()
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([args.binary, f"--benchmark_filter=^({names})/n:{args.n}/threads:({threads_re})/",
                        f"--benchmark_min_time={args.min_time}",
                        f"--benchmark_repetitions={args.repetitions}",
                        "--benchmark_enable_random_interleaving=true",
                        f"--benchmark_out={out.name}", "--benchmark_out_format=json",
                        "--benchmark_format=csv"],
                       check=True, stdout=subprocess.DEVNULL)
        runs = json.load(open(out.name))["benchmarks"]
    after = loadavg()
    rates = {}
    cpu_rates = {}
    for run in runs:
        if run.get("run_type") == "iteration":
            rate = run["agent_updates/s"]
            rates.setdefault(run["run_name"], []).append(rate)
            cpu_rates.setdefault(run["run_name"], []).append(
                rate * run["real_time"] / run["cpu_time"])
    print(f"load average before: {before}; after: {after}")
    print(f"{'kernel':<24}{'threads':>8}{'engine':>12}{'by hand':>12}{'ratio':>8}"
          f"{'best':>8}{'engine cpu':>12}{'by hand cpu':>12}{'ratio':>8}")
    for label, engine, hand in PAIRS:
        for threads in thread_counts:
            key = f"/n:{args.n}/threads:{threads}/real_time"
            e = statistics.median(rates[engine + key])
            h = statistics.median(rates[hand + key])
            best = max(rates[hand + key]) / max(rates[engine + key])
            line = f"{label:<24}{threads:>8}{e:>12.3g}{h:>12.3g}{h / e:>8.2f}{best:>8.2f}"
            if threads == 1:
                ec = statistics.median(cpu_rates[engine + key])
                hc = statistics.median(cpu_rates[hand + key])
                line += f"{ec:>12.3g}{hc:>12.3g}{hc / ec:>8.2f}"
            print(line)


if __name__ == "__main__":
    main()
