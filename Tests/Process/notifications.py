#!/usr/bin/env python3
"""Notifications from the real binary, the way an office runs them with cron.

Builds a database with the CLI (偏关's programme, a liaison of 县卫体局 and the office), starts `healthcity serve` with
its notification loop held back, and through the pages: the liaison chooses email and a 飞书 robot with a secret, the
office gives 县卫体局's group a 钉钉 robot with a secret, and bad input is refused naming the field. The server is then
killed with SIGKILL and `healthcity notify run --once` (what cron calls) queues the programme's overdue reminders and
sends them: to a webhook receiver on 127.0.0.1 (each body and signature checked as the vendors document them) and to a
real SMTP server on loopback (aiosmtpd; the Chinese subject decoded). A second run sends nothing again, and the office's
delivery log and the liaison's inbox show what went.

Usage: Tests/Process/notifications.py [--binary .build/debug/healthcity]   (needs `pip install aiosmtpd` for the email case)
"""
import argparse, base64, email, email.header, email.policy, hashlib, hmac, http.server, json, os, re, sys, tempfile, \
    threading, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hc import PLAN, Cases, Client, Server, base_env, check, cli, free_port, prepare

PEOPLE = [
    ("office", "office", ["--plan", PLAN, "--display-name", "偏关创建办"]),
    ("liaison", "liaison", ["--plan", PLAN, "--unit", "县卫体局", "--display-name", "卫体局联络员"]),
]


class Receiver(http.server.ThreadingHTTPServer):
    """Records every POST: (path, query, JSON body); answers as the robots do."""

    def __init__(self):
        self.received = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                url = urllib.parse.urlsplit(self.path)
                outer.received.append((url.path, urllib.parse.parse_qs(url.query), json.loads(body or b"{}")))
                answer = b'{"errcode":0,"errmsg":"ok"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_):
                pass
        super().__init__(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def url(self, name, query=""):
        return f"http://127.0.0.1:{self.server_address[1]}/hook/{name}{query}"


def start_smtp():
    """aiosmtpd in this process, keeping each message; None when it is not installed."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        return None, []
    messages = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            messages.append((envelope.rcpt_tos, envelope.content))
            return "250 OK"
    controller = Controller(Keep(), hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, messages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/healthcity")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    cases = Cases("notifications")
    work = tempfile.mkdtemp(prefix="healthcity-notify-")
    database = os.path.join(work, "hc.sqlite")
    receiver = Receiver()
    smtp, mails = start_smtp()
    env = base_env(HEALTHCITY_NOTIFY_INTERVAL="3600", HEALTHCITY_BASE_URL="https://jkcs.example.cn",
                   HEALTHCITY_SMTP_HOST="127.0.0.1" if smtp else None, HEALTHCITY_SMTP_PORT=str(smtp.port) if smtp else None,
                   HEALTHCITY_SMTP_FROM="noreply@jkcs.example.cn")
    prepare(binary, database, PEOPLE, env=env)
    server = Server(binary, database, os.path.join(work, "server.log"), env=env).start()
    liaison, office = Client(server.port), Client(server.port)
    state = {}
    try:
        def channels_through_the_pages():
            liaison.signed_in("liaison")
            page = liaison.get("/notifications/settings")
            check(page.status == 200 and "我的提醒方式" in page.text, f"settings page: {page}")
            bad = liaison.post_form("/notifications/settings", {"csrf": liaison.csrf(page), "revision": "0", "email": "卫体局@",
                                                                 "feishu": "open.feishu.cn/hook", "feishuSecret": ""})
            check(bad.status == 422 and "电子邮箱" in bad.text and "飞书群机器人地址" in bad.text, f"bad input: {bad}")
            good = liaison.post_form("/notifications/settings", {
                "csrf": liaison.csrf(page), "revision": "0", "email": "weiti@example.cn", "wecom": "", "dingtalk": "",
                "dingtalkSecret": "", "feishu": receiver.url("feishu"), "feishuSecret": "feishu-secret"})
            check(good.status == 303, f"save: {good}")
            office.signed_in("office")
            page = office.get("/notifications/settings")
            check("县卫体局工作群" in page.text, "the office sets the units' group robots")
            group = office.post_form(f"/plans/{PLAN}/notification-groups", {
                "csrf": office.csrf(page), "revision": "0", "group": "县卫体局", "wecom": "", "feishu": "", "feishuSecret": "",
                "dingtalk": receiver.url("dingtalk", "?access_token=T"), "dingtalkSecret": "ding-secret"})
            check(group.status == 303, f"group robot: {group}")
            check(not receiver.received, "the server's loop is held back: nothing sent yet")
        cases.run("a liaison and the office choose channels through the pages", channels_through_the_pages)

        def cron_run_sends():
            server.kill9()
            result = cli(binary, database, "notify", "run", "--once", env=env)
            found = re.search(r"新增提醒 (\d+) 条；发出 (\d+) 条，待重试 (\d+) 条，失败 (\d+) 条", result.stdout)
            check(found, f"output: {result.stdout!r} {result.stderr!r}")
            queued, sent, retrying, failed = map(int, found.groups())
            check(queued > 0 and sent > 0 and retrying == 0 and failed == 0, f"round: {result.stdout.strip()}")
            feishu = [body for path, _, body in receiver.received if path == "/hook/feishu"]
            check(feishu, "the liaison's 飞书 robot heard nothing")
            for body in feishu:
                key = f"{body['timestamp']}\nfeishu-secret".encode()
                sign = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
                check(body["msg_type"] == "text" and body["sign"] == sign, f"飞书 body: {body}")
            check(any("逾期提醒" in b["content"]["text"] and "https://jkcs.example.cn/" in b["content"]["text"] for b in feishu),
                  f"飞书 texts: {[b['content']['text'][:60] for b in feishu]}")
            ding = [(query, body) for path, query, body in receiver.received if path == "/hook/dingtalk"]
            check(ding, "the unit's 钉钉 group heard nothing")
            for query, body in ding:
                timestamp = query["timestamp"][0]
                sign = base64.b64encode(hmac.new(b"ding-secret", f"{timestamp}\nding-secret".encode(), hashlib.sha256).digest()).decode()
                check(query["sign"][0] == sign and query["access_token"] == ["T"], f"钉钉 query: {query}")
                check(body["msgtype"] == "markdown" and body["markdown"]["title"], f"钉钉 body: {body}")
            state["sent"] = sent
        cases.run("cron's `notify run --once` sends to the robots, signed", cron_run_sends)

        def mail_arrives():
            if smtp is None:
                raise AssertionError("aiosmtpd is not installed (pip install aiosmtpd)")
            subjects = []
            for recipients, content in mails:
                message = email.message_from_bytes(content, policy=email.policy.default)
                if "weiti@example.cn" in recipients:
                    subjects.append(str(message["subject"]))
                    check(message.get_content_type() == "text/plain" and "https://jkcs.example.cn/" in message.get_content(),
                          "the body links to the site")
            check(any(s.startswith("逾期提醒：") for s in subjects), f"subjects: {subjects}")
        cases.run("the reminder arrives by email with its Chinese subject", mail_arrives)

        def second_run_sends_nothing():
            before = len(receiver.received)
            result = cli(binary, database, "notify", "run", "--once", env=env)
            check("新增提醒 0 条；发出 0 条" in result.stdout, f"second run: {result.stdout!r}")
            check(len(receiver.received) == before, "nothing sent twice")
        cases.run("running it again queues and sends nothing", second_run_sends_nothing)

        def log_and_inbox():
            server.start()
            office.signed_in("office")
            log = office.get(f"/plans/{PLAN}/notification-log")
            check(log.status == 200 and "已发送" in log.text and "飞书群机器人" in log.text and "县卫体局工作群" in log.text,
                  f"log: {log}")
            check("ding-secret" not in log.text and "access_token" not in log.text, "secrets are not shown")
            liaison.signed_in("liaison")
            home = liaison.get("/")
            check(re.search(r"消息，\d+ 条未读", home.text), "the header counts unread messages")
            inbox = liaison.get("/notifications")
            check(inbox.status == 200 and "逾期提醒" in inbox.text, f"inbox: {inbox}")
        cases.run("the office's delivery log and the liaison's inbox", log_and_inbox)
    finally:
        server.stop()
        receiver.shutdown()
        if smtp:
            smtp.stop()
    return cases.finish()


if __name__ == "__main__":
    sys.exit(main())
