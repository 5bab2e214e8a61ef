#!/usr/bin/env python3
"""`/livez` and a signed-in page while four 19 MB plan documents are uploaded at once, and the same with no uploads
as the peer. Embedded SQLite (a file).

Four offices' browsers each POST a 19 MB .txt to `/imports` (multipart, the CSRF field first, as the page's form
sends it); meanwhile one client asks for `/livez` (no database, no session) and another for a signed-in page
(`/account/password`: session, account, layout) back to back, each request timed. The peer runs the same two loops
for the same time with nothing else going on. Reports p50/p99/max per loop and what the uploads answered.

    bench/livez_uploads.py [--binary .build/release/healthcity] [--uploads 4] [--megabytes 19] [--seconds 15]
"""
import argparse, os, re, shutil, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Process"))
from hc import PLAN, Client, Server, peak_rss_mib, percentile, prepare

PAGE = "/account/password"


def document(megabytes):
    """A plan's opening (title, goal, numbered tasks with responsibility clauses) followed by prose paragraphs (an
    annex of work records, say) up to the size asked: valid UTF-8 text, whole lines."""
    lines = ["偏关县创建健康县工作实施方案", "一、工作目标", "到2025年，居民健康素养水平达到30%。", "二、重点任务"]
    for n in range(1, 31):
        lines.append(f"（{n}）开展第{n}项健康促进行动，加强部门协作，定期调度工作进展。（牵头单位：县卫体局；配合单位：县财政局）")
    lines.append("附件：工作记录")
    head = ("\n".join(lines) + "\n").encode()
    prose = ("本月围绕健康县建设目标，细化工作措施，明确时间节点，加强部门协作，定期调度工作进展，组织开展督导检查，"
             "及时发现和解决工作中存在的问题，确保各项任务按期完成并取得实效。\n").encode()
    size = megabytes * 1000 * 1000
    return head + prose * ((size - len(head)) // len(prose))


def timed_loop(client, path, stop, samples, failures):
    while not stop.is_set():
        started = time.perf_counter()
        try:
            answer = client.get(path)
            if answer.status != 200:
                failures.append(f"{path}: {answer.status}")
        except OSError as error:
            failures.append(f"{path}: {error}")
        samples.append(time.perf_counter() - started)


def measure(port, jar, seconds, uploads=()):
    """Runs the two loops until the uploads are done (or for `seconds` when there are none)."""
    stop = threading.Event()
    livez, page, failures = [], [], []
    loops = [threading.Thread(target=timed_loop, args=(Client(port), "/livez", stop, livez, failures)),
             threading.Thread(target=timed_loop, args=(Client(port, jar=jar), PAGE, stop, page, failures))]
    for thread in loops:
        thread.start()
    started = time.perf_counter()
    for thread in uploads:
        thread.start()
    for thread in uploads:
        thread.join()
    while time.perf_counter() - started < seconds:
        time.sleep(0.05)
    stop.set()
    for thread in loops:
        thread.join()
    return time.perf_counter() - started, livez, page, failures


def line(name, samples):
    return (f"{name}: {len(samples)} requests · p50 {percentile(samples, 50) * 1000:.1f} ms · "
            f"p99 {percentile(samples, 99) * 1000:.1f} ms · max {max(samples) * 1000:.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/healthcity")
    parser.add_argument("--uploads", type=int, default=4)
    parser.add_argument("--megabytes", type=int, default=19)
    parser.add_argument("--seconds", type=float, default=15, help="the peer's duration (and the least for the uploads')")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="healthcity-livez-")
    database = os.path.join(work, "bench.sqlite")
    server = None
    try:
        people = [(f"office{i}", "office", ["--plan", PLAN]) for i in range(args.uploads)]
        prepare(binary, database, people)
        server = Server(binary, database, os.path.join(work, "server.log")).start()
        watcher = Client(server.port).signed_in("office0")
        offices = [Client(server.port, timeout=600).signed_in(f"office{i}") for i in range(args.uploads)]
        body = document(args.megabytes)
        print(f"/livez and {PAGE} under {args.uploads} uploads of {len(body) / 1e6:.0f} MB · {args.binary} · "
              f"{os.cpu_count()} cores shared by the server and the clients", flush=True)

        elapsed, livez, page, failures = measure(server.port, watcher.jar, args.seconds)
        print(f"== peer: nothing else running ({elapsed:.1f}s)")
        print("  " + line("/livez", livez))
        print("  " + line(PAGE, page))

        answers = []

        def upload(office, n):
            started = time.perf_counter()
            try:
                answer = office.post_multipart("/imports", [("csrf", office.csrf_token)], [("file", f"方案{n}.txt", body)])
                problem = re.search(r'id="upload-problem"[^>]*>(.*?)</div>', answer.text, re.S)
                said = re.sub(r"<[^>]+>", " ", problem.group(1)).split() if problem else [answer.text[:120]]
                answers.append((answer.status, answer.location or " ".join(said), time.perf_counter() - started))
            except OSError as error:
                answers.append((0, str(error), time.perf_counter() - started))
        threads = [threading.Thread(target=upload, args=(office, n)) for n, office in enumerate(offices)]
        elapsed, livez, page, more = measure(server.port, watcher.jar, args.seconds, threads)
        failures += more
        print(f"== while {args.uploads} uploads of {len(body) / 1e6:.0f} MB run ({elapsed:.1f}s until the last answered)")
        print("  " + line("/livez", livez))
        print("  " + line(PAGE, page))
        for status, where, seconds in sorted(answers, key=lambda a: a[2]):
            print(f"  upload answered {status} after {seconds:.1f}s: {where[:100]}")
        print(f"  server peak RSS {peak_rss_mib(server.process.pid):.0f} MiB; failed requests {len(failures)}")
        return 1 if failures else 0
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
