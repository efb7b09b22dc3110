#!/usr/bin/env python3
"""Load on `jixiao serve` from a second process, on loopback, bounded in count and time.

    python3 Benchmarks/serve_load.py [--jixiao PATH] [--seconds 10] [--requests 10000]

1. wrk (Debian's package) posts an example filing to /api/v1/convert?to=xlsx with 1, 8 and 64
   connections for --seconds each: requests per second, p50 and p99 latency, and the responses
   that were not 200. The server's queue (--queue) is set above 64, so every answer must be 200.
2. The same with a queue of 4 and 64 connections: every answer is a 200 or a clean 503 (no
   other status, no connection error).
3. --requests conversions one after another (from 8 connections) while the server's resident
   memory is sampled: memory at the start, after a tenth and at the end.
Prints a Markdown table for BENCHMARKS.md.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "Examples", "yunnan-chenggong-2021-project.txt")
TEMPLATE = "yunnan-project"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(jixiao, queue):
    port = free_port()
    server = subprocess.Popen([jixiao, "serve", "--port", str(port), "--queue", str(queue)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/templates", timeout=1).read()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    sys.exit("the server did not start")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024


def wrk(port, connections, seconds, folder, requests=None):
    script = os.path.join(folder, "post.lua")
    with open(EXAMPLE, "rb") as source:
        body = source.read()
    with open(script, "w", encoding="utf-8") as lua:
        # The body as Lua's decimal escapes, so any byte goes through unchanged.
        escaped = "".join(f"\\{byte}" for byte in body)
        lua.write(f'wrk.method = "POST"\nwrk.body = "{escaped}"\n'
                  'wrk.headers["Content-Type"] = "text/plain"\n'
                  'statuses = {}\n'
                  'response = function(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end\n')
        # Per-thread counts are not merged by wrk; one thread keeps them exact.
        lua.write('done = function(summary, latency, requests)\n'
                  '  io.write(string.format("p50 %f\\np99 %f\\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))\n'
                  '  io.write(string.format("errors %d %d %d %d %d\\n", summary.errors.connect, summary.errors.read, '
                  'summary.errors.write, summary.errors.status, summary.errors.timeout))\n'
                  'end\n')
    url = f"http://127.0.0.1:{port}/api/v1/convert?to=xlsx&template={TEMPLATE}&filename=filing.txt"
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s", "-s", script, url]
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    out = run.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = float(re.search(r"p50 ([\d.]+)", out).group(1))
    p99 = float(re.search(r"p99 ([\d.]+)", out).group(1))
    errors = [int(n) for n in re.search(r"errors ([\d ]+)", out).group(1).split()]
    non2xx = int(re.search(r"Non-2xx or 3xx responses: (\d+)", out).group(1)) if "Non-2xx" in out else 0
    return {"rate": rate, "total": total, "p50": p50, "p99": p99, "connect": errors[0], "read": errors[1],
            "write": errors[2], "timeout": errors[4], "non2xx": non2xx}


def status_counts(port, connections, total):
    """`total` requests from `connections` threads; the status of each, or the error."""
    import concurrent.futures
    with open(EXAMPLE, "rb") as source:
        body = source.read()
    url = f"http://127.0.0.1:{port}/api/v1/convert?to=xlsx&template={TEMPLATE}&filename=filing.txt"

    def one(_):
        request = urllib.request.Request(url, data=body, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            error.read()
            return error.code
        except OSError as error:
            return type(error).__name__

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(one, range(total)))
    counts = {}
    for result in results:
        counts[result] = counts.get(result, 0) + 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jixiao", default=os.path.join(ROOT, ".build", "release", "jixiao"))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=10000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("| clients | requests | requests/s | p50 | p99 | not 200 | connection errors |")
        print("|---|---|---|---|---|---|---|")
        server, port = start(options.jixiao, queue=128)
        try:
            for connections in (1, 8, 64):
                result = wrk(port, connections, options.seconds, folder)
                print(f"| {connections} | {result['total']} | {result['rate']:.0f} | {result['p50']:.1f} ms | {result['p99']:.1f} ms "
                      f"| {result['non2xx']} | {result['connect'] + result['read'] + result['write'] + result['timeout']} |")
            # Flat memory over many requests.
            samples = [rss_mb(server.pid)]
            done = 0
            tenth = max(1, options.requests // 10)
            while done < options.requests:
                counts = status_counts(port, 8, min(tenth, options.requests - done))
                assert set(counts) == {200}, counts
                done += min(tenth, options.requests - done)
                samples.append(rss_mb(server.pid))
            print(f"\nmemory over {options.requests} conversions (8 clients, every answer 200): "
                  + ", ".join(f"{sample:.0f}" for sample in samples) + " MB (after each tenth)")
        finally:
            server.terminate()
            server.wait(timeout=30)
        server, port = start(options.jixiao, queue=4)
        try:
            counts = status_counts(port, 64, 640)
            print(f"\nqueue of 4, 64 clients, 640 requests: {counts}")
            assert set(counts) <= {200, 503}, counts
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
