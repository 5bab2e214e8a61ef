#!/usr/bin/env python3
"""Month-end burst: 64 liaisons, each signed in with its own session, submit their unit's monthly report with a
2 MB photo (a valid PNG of random pixels, different for every report) at the same moment, the way the last evening
before the due day looks. On SQLite (a file, WAL) and, given a PostgreSQL URL, on PostgreSQL.

Each round starts all 64 submissions together behind a barrier; a liaison's unit is one of 偏关's reporting units and
its month one of the programme's (2023-04 … 2023-12, all begun, so late reports are accepted), so every (unit,
month) is submitted once. Reports requests/s (submissions over the rounds' wall time), p50/p99/max latency of one
submission (the whole 2 MB request until the server's answer), errors (any answer other than 303 to 「已提交」), the
server's peak resident memory, and checks afterwards that every report is in, with its photo.

    bench/month_end.py [--binary .build/release/healthcity] [--postgres URL (else BENCH_POSTGRES_URL)]
                       [--liaisons 64] [--photo-bytes 2000000] [--engines sqlite,postgres]
"""
import argparse, json, math, os, shutil, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Process"))
from hc import (PASSWORD, PLAN, Client, Postgres, Server, cli, hidden_fields, peak_rss_mib, percentile, png, prepare,
                sha256)

MONTHS = [f"2023-{m:02d}" for m in range(4, 13)]


def run(binary, database, work, liaisons, photo_bytes):
    prepare(binary, database, [("office", "office", ["--plan", PLAN])])
    server = Server(binary, database, os.path.join(work, "server.log")).start()
    try:
        office = Client(server.port).signed_in("office")
        units = [u["unit"] for u in json.loads(office.get(f"/api/v1/plans/{PLAN}/reports?month=2023-04").text)["units"]]
        # Liaison i reports for units[i % U]; the liaisons sharing a unit take different months in every round.
        share = math.ceil(liaisons / len(units))
        rounds = len(MONTHS) // share
        for i in range(liaisons):
            cli(binary, database, "user", "add", f"liaison{i:02d}", "--role", "liaison", "--plan", PLAN,
                "--unit", units[i % len(units)], "--password-stdin", stdin=PASSWORD + "\n")
        browsers = [Client(server.port, timeout=300).signed_in(f"liaison{i:02d}") for i in range(liaisons)]
        print(f"  {len(units)} reporting units; {liaisons} liaisons; {rounds} rounds of {liaisons} submissions at once; "
              f"photo {photo_bytes / 1e6:.1f} MB each", flush=True)
        latencies, errors, walls, submitted = [], [], [], []
        for r in range(rounds):
            jobs = []
            for i, browser in enumerate(browsers):
                unit, month = units[i % len(units)], MONTHS[r * share + i // len(units)]
                path = f"/plans/{PLAN}/reports/{unit}/{month}"
                fields = hidden_fields(browser.get(path), path)  # the page's csrf (first) and revision
                jobs.append((browser, path, fields, png(photo_bytes, seed=r * 1000 + i)))
            barrier = threading.Barrier(liaisons + 1)
            lock = threading.Lock()

            def submit(browser, path, fields, photo):
                barrier.wait()
                started = time.perf_counter()
                try:
                    answer = browser.post_multipart(path, fields + [
                        ("workDone", "开展健康知识讲座，发放宣传材料。"), ("activities", "义诊一次"), ("problems", "无"),
                        ("nextSteps", "按计划推进"), ("action", "submit")], [("attachments", "现场照片.png", photo)])
                    ok = answer.status == 303 and "已提交" in answer.location
                    detail = repr(answer)
                except OSError as error:
                    ok, detail = False, str(error)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    (submitted.append((path, sha256(photo))) if ok else errors.append(f"{path}: {detail[:200]}"))
            threads = [threading.Thread(target=submit, args=job) for job in jobs]
            for thread in threads:
                thread.start()
            barrier.wait()
            started = time.perf_counter()
            for thread in threads:
                thread.join()
            walls.append(time.perf_counter() - started)
            print(f"  round {r + 1}: {liaisons} submissions in {walls[-1]:.2f}s", flush=True)
        rss = peak_rss_mib(server.process.pid)

        # Every acknowledged report is there, with its photo.
        missing = 0
        for path, digest in submitted[:: max(1, len(submitted) // 40)]:
            if office.get(f"{path}/files/{digest}").status != 200:
                missing += 1
        counted = 0
        for month in MONTHS[: rounds * share]:
            roll = json.loads(office.get(f"/api/v1/plans/{PLAN}/reports?month={month}").text)
            counted += sum(1 for u in roll["units"] if u["status"] in ("onTime", "late"))
        total = len(latencies)
        print(f"  requests/s {total / sum(walls):.1f} · p50 {percentile(latencies, 50) * 1000:.0f} ms · "
              f"p99 {percentile(latencies, 99) * 1000:.0f} ms · max {max(latencies) * 1000:.0f} ms · "
              f"errors {len(errors)} of {total} · reports in the roll-up {counted} · photos checked missing {missing} · "
              f"server peak RSS {rss:.0f} MiB", flush=True)
        for error in errors[:5]:
            print(f"    error: {error}")
        return not errors and counted == len(submitted) and missing == 0
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/healthcity")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument("--liaisons", type=int, default=64)
    parser.add_argument("--photo-bytes", type=int, default=2_000_000)
    parser.add_argument("--engines", default="sqlite,postgres")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    print(f"month-end burst · {args.binary} · {os.cpu_count()} cores shared by the server, the database "
          f"and the load generator")
    ok = True
    for engine in args.engines.split(","):
        work = tempfile.mkdtemp(prefix="healthcity-month-end-")
        postgres = None
        try:
            if engine == "postgres":
                if not args.postgres:
                    print("== PostgreSQL: skipped (no --postgres / BENCH_POSTGRES_URL)")
                    continue
                postgres = Postgres(args.postgres, "month_end")
                database = postgres.url
            else:
                database = os.path.join(work, "bench.sqlite")
            print(f"== {'SQLite' if engine == 'sqlite' else 'PostgreSQL'}", flush=True)
            ok = run(binary, database, work, args.liaisons, args.photo_bytes) and ok
        finally:
            if postgres:
                postgres.drop()
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
