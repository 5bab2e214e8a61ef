#!/usr/bin/env python3
"""Fault tests: processes killed with SIGKILL at the worst moment, on SQLite (a file, WAL) and on PostgreSQL.

1. The server during a burst of writes: eight writers (the office's browsers) submit monthly reports, each with a
   photo of its own, and save contact cards; every write the server acknowledged (303 / 200) is recorded. The server is
   killed mid-burst and started again: every acknowledged write is there (a report with its photo's exact bytes, a
   card at its last acknowledged value or the write that was in flight), no report exists without its photo, and on
   SQLite `PRAGMA integrity_check` answers ok.
2. The command line during a large `healthcity cells import` (run on a terminal so its progress shows, killed once it
   has read 40% of the rows, i.e. with thousands of rows written inside its transaction): the register, its status
   history, its maintained counts and the audit log are exactly as before, the database is intact, and the same
   import then runs to the end.

Usage: Tests/Process/faults.py [--binary .build/debug/healthcity] [--postgres URL (else TEST_POSTGRES_URL)]
                               [--rows 30000] [--engines sqlite,postgres]
"""
import argparse, json, os, pty, re, select, shutil, signal, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hc import (PLAN, ROOT, Cases, Client, Postgres, Server, base_env, check, cli, hidden_fields, png, prepare,
                sha256, spawn, sql)

PEOPLE = [("office", "office", ["--plan", PLAN, "--display-name", "偏关创建办"])]
MONTHS = [f"2023-{m:02d}" for m in range(4, 13)]
WRITERS = 8


def sqlite_intact(database):
    if database.startswith("postgres"):
        return
    import sqlite3
    connection = sqlite3.connect(database, timeout=30)
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        keys = list(connection.execute("PRAGMA foreign_key_check"))
    finally:
        connection.close()
    check(result == ["ok"], f"PRAGMA integrity_check: {result[:5]}")
    check(not keys, f"PRAGMA foreign_key_check: {keys[:5]}")


# MARK: the server killed during a burst

def server_burst(binary, database, work):
    prepare(binary, database, PEOPLE)
    server = Server(binary, database, os.path.join(work, "server.log")).start()
    try:
        browsers = [Client(server.port).signed_in("office") for _ in range(WRITERS)]
        roll = json.loads(browsers[0].get(f"/api/v1/plans/{PLAN}/reports?month=2023-06").text)
        units = [u["unit"] for u in roll["units"]]
        check(len(units) >= WRITERS, f"only {len(units)} reporting units")

        # Each writer owns the units i ≡ writer (mod 8): their reports for every month, and their contact cards,
        # alternately, so no two writers touch one record and each knows what it last had acknowledged.
        plans = [[] for _ in range(WRITERS)]
        for i, unit in enumerate(units):
            for k, month in enumerate(MONTHS):
                plans[i % WRITERS].append(("report", unit, month))
                plans[i % WRITERS].append(("contact", unit, f"w{i % WRITERS}-{i}-{k}"))
        acknowledged, in_flight, errors = [], {}, []
        lock = threading.Lock()
        photos = {}

        def writer(n):
            browser = browsers[n]
            for kind, unit, value in plans[n]:
                with lock:
                    in_flight[n] = (kind, unit, value)
                try:
                    if kind == "report":
                        path = f"/plans/{PLAN}/reports/{unit}/{value}"
                        photo = png(48_000, seed=len(photos) * WRITERS + n)
                        photos[(unit, value)] = photo
                        answer = browser.post_multipart(path, [("csrf", browser.csrf_token), ("workDone", f"{unit}{value}月工作"),
                                                               ("action", "submit")], [("attachments", "照片.png", photo)])
                        ok = answer.status == 303 and "已提交" in answer.location
                    else:
                        answer = browser.post_form(f"/plans/{PLAN}/units/{unit}/contact",
                                                   {"csrf": browser.csrf_token, "liaison": value, "phone": "0350-1234567", "note": ""})
                        ok = answer.status == 200 and "已保存" in answer.text
                except OSError:
                    return  # the server is gone: this write was not acknowledged
                with lock:
                    if ok:
                        acknowledged.append((kind, unit, value))
                    else:
                        errors.append(f"{kind} {unit} {value}: {answer}")
                        return

        threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(WRITERS)]
        started = time.time()
        for thread in threads:
            thread.start()
        total = sum(len(p) for p in plans)
        # Mid-burst: once a fifth of the writes are acknowledged (or after 20 s, whichever comes first).
        while len(acknowledged) < total // 5 and time.time() - started < 20 and any(t.is_alive() for t in threads):
            time.sleep(0.02)
        check(any(t.is_alive() for t in threads), "the burst ended before the kill")
        server.kill9()
        for thread in threads:
            thread.join(timeout=30)
        check(not errors, f"writes refused before the kill: {errors[:3]}")
        print(f"    killed after {time.time() - started:.1f}s with {len(acknowledged)} of {total} writes acknowledged, "
              f"{len(in_flight)} in flight", flush=True)
        check(len(acknowledged) >= 10, "too few writes acknowledged before the kill to judge")
        sqlite_intact(database)

        server.start()
        reader = Client(server.port).signed_in("office")
        last_card = {}
        for kind, unit, value in acknowledged:
            if kind == "report":
                path = f"/plans/{PLAN}/reports/{unit}/{value}"
                page = reader.get(path)
                check(f"{unit}{value}月工作" in page.text and "照片.png" in page.text, f"acknowledged report {unit} {value} is missing")
                photo = reader.get(f"{path}/files/{sha256(photos[(unit, value)])}")
                check(photo.status == 200 and photo.body == photos[(unit, value)], f"the photo of {unit} {value}: {photo.status}")
            else:
                last_card[unit] = value
        for unit, value in last_card.items():
            flying = [v for k, u, v in in_flight.values() if k == "contact" and u == unit]
            page = reader.get(f"/plans/{PLAN}/units/{unit}").text
            shows = lambda v: re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", page)
            check(shows(value) or any(shows(v) for v in flying), f"contact card of {unit}: {value} is not there")
        # What was in flight may or may not have been written, but never half: a report is there with its photo or not at all.
        for kind, unit, value in in_flight.values():
            if kind == "report":
                path = f"/plans/{PLAN}/reports/{unit}/{value}"
                if f"{unit}{value}月工作" in reader.get(path).text:
                    check(reader.get(f"{path}/files/{sha256(photos[(unit, value)])}").status == 200,
                          f"report {unit} {value} was kept without its photo")
        server.stop()
        sqlite_intact(database)
    finally:
        server.stop()


# MARK: the command line killed during an import

def register(path, rows):
    villages = ["新关镇/东关村", "天峰坪镇/天峰坪村"]
    statuses = ["none", "applied", "certified"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("type,name,region,subkind,eligible,status,certified_on,code\n")
        for i in range(rows):
            status = statuses[i % 3]
            f.write(f"family,户主{i},{villages[i % 2]},,,{status},{'2024-06-01' if status == 'certified' else ''},H{i:07d}\n")


def snapshot(database):
    """What an import touches: the register, its history, its maintained counts (whole) and the audit log."""
    counts = {table: int(sql(database, f"SELECT count(*) FROM {table}")[0])
              for table in ("cell_places", "cell_transitions", "cell_counts", "audit_log")}
    region = "region_id::text" if database.startswith("postgres") else "hex(region_id)"
    whole = sql(database, f"SELECT {region} || ' ' || cell || ' ' || subkind || ' ' || places || ' ' || eligible || ' ' "
                          "|| certified FROM cell_counts ORDER BY 1")
    return counts, whole


def import_killed(binary, database, work, rows):
    prepare(binary, database, [])
    base = os.path.join(work, "base.csv")
    register(base, 3)
    cli(binary, database, "cells", "import", base, "--plan", PLAN, "--quiet")
    before = snapshot(database)
    check(before[0]["cell_places"] == 3, f"the base register: {before[0]}")
    big = os.path.join(work, "big.csv")
    register(big, rows)
    # Different households from the base's: codes H0000000… again would be updates. Shift the big file's codes.
    with open(big, encoding="utf-8") as f:
        text = f.read().replace(",H", ",B")
    with open(big, "w", encoding="utf-8") as f:
        f.write(text)

    # On a terminal the import shows 「已读 N 行」 as it goes: kill it once it has read 40% of the rows.
    master, slave = pty.openpty()
    process = spawn([binary, "cells", "import", big, "--plan", PLAN, "--database", database], cwd=ROOT, env=base_env(),
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen, text, started = 0, b"", time.time()
    try:
        while seen < rows * 0.4:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    text = (text + os.read(master, 4096))[-4096:]
                except OSError:
                    break
                found = re.findall(rb"\xe5\xb7\xb2\xe8\xaf\xbb (\d+)", text)  # 已读 N
                seen = int(found[-1]) if found else seen
            if process.poll() is not None or time.time() - started > 60:
                break
        alive = process.poll() is None
        if alive:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        os.close(master)
    check(alive, f"the import ended (exit {process.returncode}) before it could be killed, having read {seen} rows: "
                 f"use more --rows; {text.decode(errors='replace')[-300:]}")
    print(f"    killed after {time.time() - started:.1f}s, having read {seen} of {rows} rows", flush=True)

    if database.startswith("postgres"):
        # The server rolls back the transaction of a client that went away; wait until its session is gone.
        for _ in range(100):
            if sql(database, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                             "AND pid <> pg_backend_pid()")[0] == "0":
                break
            time.sleep(0.1)
    sqlite_intact(database)
    after = snapshot(database)
    check(after == before, f"a killed import left a trace: {before[0]} before, {after[0]} after")

    again = cli(binary, database, "cells", "import", big, "--plan", PLAN, "--quiet", timeout=240)
    check(f"已导入 {rows} 行：新增 {rows}" in again.stdout, f"the import run again: {again.stdout.strip()}")
    check(snapshot(database)[0]["cell_places"] == 3 + rows, "the register after the import run again")
    sqlite_intact(database)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/healthcity")
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--rows", type=int, default=30000, help="rows of the register killed mid-import")
    parser.add_argument("--engines", default="sqlite,postgres")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    cases = Cases("faults")
    engines = args.engines.split(",")
    if "postgres" in engines and not args.postgres:
        print("faults: no PostgreSQL (--postgres or TEST_POSTGRES_URL): the PostgreSQL lane fails")

    def on(engine, label, body):
        def run():
            work = tempfile.mkdtemp(prefix=f"healthcity-faults-{label}-")
            postgres = None
            try:
                if engine == "sqlite":
                    database = os.path.join(work, "hc.sqlite")
                else:
                    check(args.postgres, "no PostgreSQL to run on")
                    postgres = Postgres(args.postgres, f"faults_{label}")
                    database = postgres.url
                body(database, work)
            finally:
                if postgres:
                    postgres.drop()
                shutil.rmtree(work, ignore_errors=True)
        return run

    for engine in engines:
        name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[engine]
        cases.run(f"{name}: the server killed -9 during a burst of {WRITERS} writers keeps every acknowledged write",
                  on(engine, "burst", lambda db, work: server_burst(binary, db, work)), seconds=90)
        cases.run(f"{name}: the CLI killed -9 during a {args.rows:,}-row register import leaves nothing of it, and it runs again",
                  on(engine, "import", lambda db, work: import_killed(binary, db, work, args.rows)), seconds=240)
    return cases.finish()


if __name__ == "__main__":
    sys.exit(main())
