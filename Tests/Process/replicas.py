#!/usr/bin/env python3
"""Two servers on one PostgreSQL database behind nginx, as the README's operations section sets them up.

Starts two `healthcity serve` processes (A and B) on a fresh database, and Debian's nginx on a loopback port
balancing between them round-robin with X-Forwarded-For and X-Forwarded-Proto (both servers trust 127.0.0.1 as their
proxy). Signs in through nginx, writes through A, reads through B and through nginx: the session, contact cards,
monthly reports with their photos, stale-save refusals, background jobs and sign-in throttling all live in the
database. Every process it starts is ended on the way out; each case has a time bound.

Usage: Tests/Process/replicas.py [--binary .build/debug/healthcity] [--postgres URL (else TEST_POSTGRES_URL)]
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hc import (PLAN, Cases, Client, Postgres, Server, base_env, check, end, free_port, hidden_fields, png, prepare,
                sha256, spawn)

PEOPLE = [
    ("office", "office", ["--plan", PLAN, "--display-name", "偏关创建办"]),
    ("liaison", "liaison", ["--plan", PLAN, "--unit", "县卫体局", "--display-name", "卫体局联络员"]),
    ("leader", "leader", ["--plan", PLAN, "--display-name", "分管领导"]),
    ("assessor", "assessor", ["--plan", PLAN, "--display-name", "评审专家"]),
]
NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    upstream healthcity {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 70m;
        location / {{
            proxy_pass http://healthcity;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_request_buffering off;
            # Which server answered, so the test can see the round-robin reach both.
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def start_nginx(work, a, b):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    # As root nginx's workers would switch to nobody, who cannot write the temp folders here: keep this user.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(work=work, user=user, a=a, b=b, port=port))
    process = spawn([binary, "-p", work, "-e", os.path.join(work, "nginx-error.log"), "-c", conf, "-g", "daemon off;"],
                    stdout=open(os.path.join(work, "nginx.out"), "w"), stderr=subprocess.STDOUT)
    deadline = time.time() + 15
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {open(os.path.join(work, 'nginx-error.log')).read()[-600:]}")
        try:
            Client(port, timeout=2).get("/livez")
            return process, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nginx did not come up")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/healthcity")
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    cases = Cases("replicas")
    if not args.postgres:
        print("replicas: no PostgreSQL (--postgres or TEST_POSTGRES_URL): two servers need one shared database")
        return 1
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        print("replicas: nginx is not installed (apt-get install nginx)")
        return 1

    work = tempfile.mkdtemp(prefix="healthcity-replicas-")
    database = Postgres(args.postgres, "replicas")
    servers, nginx = [], None
    try:
        env = base_env(HEALTHCITY_TRUSTED_PROXIES="127.0.0.1,::1")
        # The schema, the programme and the accounts first, once: servers starting together do not race to migrate.
        prepare(binary, database.url, PEOPLE, env=env)
        servers = [Server(binary, database.url, os.path.join(work, f"server-{name}.log"), env=env) for name in "AB"]
        for server in servers:
            server.start()
        a, b = servers
        nginx, proxy_port = start_nginx(work, a.port, b.port)
        print(f"replicas: A :{a.port}, B :{b.port}, nginx :{proxy_port} → both; PostgreSQL database {database.name}")

        office = Client(proxy_port)      # the office's browser, through nginx
        shared = {}

        def session_everywhere():
            office.signed_in("office")
            check(office.jar.get("hc_session"), "no session cookie from nginx")
            for name, port in (("A", a.port), ("B", b.port)):
                page = Client(port, jar=office.jar).get("/")
                check(page.status == 200 and "工作看板" in page.text, f"{name} does not know the session: {page}")
            answered = set()
            for _ in range(6):
                page = office.get("/")
                check(page.status == 200 and "工作看板" in page.text, f"through nginx: {page}")
                answered.add(page.header("X-Upstream"))
            check(answered == {f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"}, f"nginx reached only {answered}")
        cases.run("signed in through nginx, the one session cookie works on A, on B and through nginx", session_everywhere)

        unit = f"/plans/{PLAN}/units/县财政局"

        def contact_card():
            on_a = Client(a.port, jar=office.jar)
            page = on_a.get(unit)
            revision = re.search(r'name="revision" value="(\d+)"', page.text)
            check(page.status == 200 and revision, f"unit page on A: {page}")
            shared["revision"] = revision.group(1)
            saved = on_a.post_form(unit + "/contact", {"csrf": on_a.csrf(page), "liaison": "钱七（经A保存）",
                                                       "phone": "0350-8888888", "note": "", "revision": revision.group(1)})
            check(saved.status == 200 and "已保存" in saved.text, f"save on A: {saved}")
            on_b = Client(b.port, jar=office.jar).get(unit)
            check("钱七（经A保存）" in on_b.text and "0350-8888888" in on_b.text, "B does not show the card saved on A")
            for _ in range(2):
                through = office.get(unit)
                check("钱七（经A保存）" in through.text, f"nginx ({through.header('X-Upstream')}) does not show the card")
        cases.run("a contact card saved on A is read on B and through nginx", contact_card)

        def stale_on_b():
            on_b = Client(b.port, jar=office.jar)
            stale = on_b.post_form(unit + "/contact", {"csrf": on_b.csrf(), "liaison": "孙八（旧页面）", "phone": "",
                                                       "note": "", "revision": shared["revision"]})
            check(stale.status == 409 and "已修改了这条记录" in stale.text and "孙八（旧页面）" in stale.text,
                  f"a save on B from a page opened before A's save: {stale}")
            check("钱七（经A保存）" in Client(a.port, jar=office.jar).get(unit).text, "the stale save changed the card")
        cases.run("a save on B from a page opened before A's save is refused, naming who saved (revisions in the database)",
                  stale_on_b)

        photo = png(300_000, seed=7)
        report = f"/plans/{PLAN}/reports/县卫体局/2023-06"

        def monthly_report():
            liaison = Client(proxy_port).signed_in("liaison")
            shared["liaison"] = liaison
            on_a = Client(a.port, jar=liaison.jar)
            page = on_a.get(report)
            check(page.status == 200, f"report page on A: {page}")
            filed = on_a.post_multipart(report, hidden_fields(page, report) + [
                ("workDone", "经A报送：健康讲座3场"), ("activities", "义诊"), ("problems", "无"), ("nextSteps", "继续"),
                ("action", "submit")], [("attachments", "现场照片.png", photo)])
            check(filed.status == 303 and "已提交" in filed.location, f"submit on A: {filed}")
            on_b = Client(b.port, jar=liaison.jar)
            shown = on_b.get(report)
            check("经A报送：健康讲座3场" in shown.text and "现场照片.png" in shown.text, "B does not show the report")
            file = on_b.get(f"{report}/files/{sha256(photo)}")
            check(file.status == 200 and file.body == photo, f"the photo through B: {file.status}, {len(file.body)} bytes")
            roll = json.loads(Client(b.port, jar=office.jar).get(f"/api/v1/plans/{PLAN}/reports?month=2023-06").text)
            standing = next(u for u in roll["units"] if u["unit"] == "县卫体局")
            check(standing["status"] in ("onTime", "late"), f"B's roll-up: {standing}")
            through = liaison.get(report)
            check("经A报送：健康讲座3场" in through.text, "nginx does not show the report")
        cases.run("a monthly report with a photo submitted on A is read on B (text, photo bytes, roll-up) and through nginx",
                  monthly_report)

        def stale_report_on_b():
            # The liaison opens July's report on B; the office saves a draft of it on A; the liaison then saves the
            # page it has open, sending what the page's form holds.
            draft = report.replace("2023-06", "2023-07")
            on_b = Client(b.port, jar=shared["liaison"].jar)
            seen = on_b.get(draft)
            on_a = Client(a.port, jar=office.jar)
            first = on_a.post_multipart(draft, hidden_fields(on_a.get(draft), draft) + [
                ("workDone", "创建办经A补录"), ("action", "save")])
            check(first.status == 303, f"the office's draft on A: {first}")
            stale = on_b.post_multipart(draft, hidden_fields(seen, draft) + [("workDone", "联络员在旧页面上写的"), ("action", "save")])
            check(stale.status == 409 and "已修改了这条记录" in stale.text and "联络员在旧页面上写的" in stale.text,
                  f"a save on B from a page opened before A's save: {stale}")
            check("创建办经A补录" in on_b.get(draft).text, "the stale save replaced the office's draft")
        cases.run("a report saved on B from a page opened before A's save is refused, keeping what was typed",
                  stale_report_on_b)

        def background_job():
            register = ("type,name,region,subkind,eligible,status,certified_on,code\n"
                        "school,新关小学,新关镇,primary,,certified,2024-05-01,\n"
                        "school,天峰坪小学,天峰坪镇,primary,,applied,,\n"
                        "family,张某,新关镇/东关村,,,applied,,001\n").encode()
            on_a = Client(a.port, jar=office.jar)
            started = on_a.post_multipart(f"/plans/{PLAN}/cells/import", [("csrf", on_a.csrf())],
                                          [("file", "register.csv", register)])
            check(started.status == 303 and "/cells/import/" in started.location, f"import on A: {started}")
            on_b = Client(b.port, jar=office.jar)
            deadline = time.time() + 20
            while True:
                progress = on_b.get(started.location + "/progress")
                check(progress.status == 200, f"B does not know the job started on A: {progress}")
                job = json.loads(progress.text)
                if job["state"] != "running" or time.time() > deadline:
                    break
                time.sleep(0.1)
            check(job["state"] == "done" and job["result"]["added"] == 3, f"the job as B sees it: {job}")
        cases.run("a register import started on A is followed to its end on B (jobs are rows)", background_job)

        def sign_out_everywhere():
            visitor = Client(proxy_port).signed_in("office")
            out_b = Client(b.port, jar=dict(visitor.jar))
            bye = out_b.post_form("/logout", {"csrf": visitor.csrf_token})
            check(bye.status == 303, f"sign-out on B: {bye}")
            after = Client(a.port, jar=dict(visitor.jar)).get("/")
            check(after.status in (302, 303) and "/login" in after.location, f"A after signing out on B: {after}")
        cases.run("signing out on B ends the session on A", sign_out_everywhere)

        def throttle_shared():
            on_a, on_b = Client(a.port), Client(b.port)
            for n in range(3):
                wrong = on_a.sign_in("leader", f"Wrong-password-{n}")
                check(wrong.status == 401 and "用户名或密码不正确" in wrong.text, f"failure {n + 1} on A: {wrong}")
            held = on_b.sign_in("leader")
            check(held.status == 429 and re.search(r"请 \d+ 秒后再试", held.text) and held.header("Retry-After"),
                  f"B after three failures on A: {held} (the throttle is not shared)")
            check("hc_session" not in on_b.jar, "B signed in during the wait")
        cases.run("three wrong passwords on A hold back the next attempt on B (429 「请 N 秒后再试」)", throttle_shared)

        def throttle_per_client_behind_nginx():
            # Two people behind nginx, each from a loopback address of its own: nginx's X-Forwarded-For names them.
            first, second = Client(proxy_port, source="127.0.0.2"), Client(proxy_port, source="127.0.0.3")
            for n in range(3):
                wrong = first.sign_in("assessor", f"Wrong-password-{n}")
                check(wrong.status == 401, f"failure {n + 1} through nginx: {wrong}")
            held = first.sign_in("assessor")
            check(held.status == 429 and "秒后再试" in held.text, f"127.0.0.2 after three failures: {held}")
            other = second.sign_in("assessor")
            check(other.status == 303 and "hc_session" in second.jar,
                  f"127.0.0.3 waits for 127.0.0.2's failures: {other} (X-Forwarded-For not used)")
        cases.run("behind nginx only the failing address waits: another client signs in to the same account at once",
                  throttle_per_client_behind_nginx)

        for server in servers:
            if server.process.poll() is not None:
                cases.failed.append(f"server :{server.port} stopped")
                print(f"  ✘ server :{server.port} stopped during the run: {server.tail()}")
    except Exception as error:
        cases.failed.append(f"setup: {error}")
        print(f"  ✘ setup: {error}")
        for server in servers:
            print(server.tail())
    finally:
        for server in servers:
            server.stop()
        if nginx:
            end(nginx)
        database.drop()
        shutil.rmtree(work, ignore_errors=True)
    return cases.finish()


if __name__ == "__main__":
    sys.exit(main())
