#!/usr/bin/env python3
"""schemathesis against the served OpenAPI document, once per kind of API caller.

Builds a fresh SQLite database with the CLI (the seed plans, pianguan's regions, demo figures and register,
a survey, an office and a liaison account), starts `healthcity serve` on a free port, issues tokens with the
CLI and runs `st run` against /api/v1/openapi.json for each caller with a bounded number of examples and a
time bound per run. Checks: no server error (5xx), and every response as the document says: its body's schema,
its status code and its content type (`--checks all` adds schemathesis's stricter ones, for a look by hand).

Usage: Tests/API/schemathesis.py [--binary .build/debug/healthcity] [--max-examples 25] [--max-time 60]
                                 [--artifacts .build/schemathesis] [--callers admin,programme,data,liaison] [--checks …]
Needs `pip install schemathesis` (4.x). Exits non-zero when any run finds a failure.
"""
import argparse, html, http.cookiejar, json, os, re, shutil, subprocess, sys, tempfile, urllib.parse, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Browser"))
from walk import free_port, wait_for  # noqa: E402  (the browser walk's helpers: a free port, a URL that answers)

PLAN = "pianguan-2023"
PASSWORD = "Schemathesis-pw-2024"


def sign_in(base, username, password):
    """Signs in through the login form; the session cookie and the session's CSRF token as request headers."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login", timeout=10).read().decode()
    form = {"username": username, "password": password, "csrf": hidden_csrf(page)}
    opener.open(base + "/login", urllib.parse.urlencode(form).encode(), timeout=30).read()
    session = next((c.value for c in jar if c.name == "hc_session"), None)
    if not session:
        raise SystemExit(f"{username} 未能登录")
    token = hidden_csrf(opener.open(base + "/", timeout=10).read().decode())
    return [f"Cookie: hc_session={session}", f"X-CSRF-Token: {token}"]


def hidden_csrf(page):
    found = re.search(r'name="csrf"[^>]*value="([^"]+)"', page) or re.search(r'value="([^"]+)"[^>]*name="csrf"', page)
    if not found:
        raise SystemExit("页面上没有 CSRF 令牌")
    return html.unescape(found.group(1))


def schemathesis_command():
    for name in ("st", "schemathesis"):
        path = shutil.which(name)
        if path:
            return [path]
    return [sys.executable, "-m", "schemathesis.cli"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/healthcity")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--max-time", type=int, default=60, help="seconds per caller")
    parser.add_argument("--artifacts", default=".build/schemathesis")
    parser.add_argument("--callers", default="admin,programme,data,liaison")
    parser.add_argument("--checks", default="not_a_server_error,response_schema_conformance,status_code_conformance,"
                                             "content_type_conformance")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    artifacts = os.path.abspath(args.artifacts)
    os.makedirs(artifacts, exist_ok=True)
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # plans/ and demo/ are read from here

    work = tempfile.mkdtemp(prefix="healthcity-schemathesis-")
    db = os.path.join(work, "api.sqlite")
    env = dict(os.environ, HEALTHCITY_BCRYPT_COST="4", HEALTHCITY_ADMIN_PASSWORD=PASSWORD)
    env.pop("DATABASE_URL", None)

    def cli(*command, stdin=None, capture=False):
        done = subprocess.run([binary, *command, "--database", db], input=stdin, text=True, env=env, check=True,
                              stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
        return done.stdout if capture else None

    plans = sorted(os.path.join("plans", f) for f in os.listdir("plans") if f.endswith(".yaml"))
    cli("plan", "load", *plans)
    cli("regions", "import", "demo/regions-pianguan.csv", "--plan", PLAN)
    cli("data", "import", "demo/indicators-pianguan-2023.csv", "--plan", PLAN)
    cli("cells", "import", "demo/cells-pianguan.csv", "--plan", PLAN)
    cli("survey", "new", PLAN, "--name", "接口测试调查", "--questionnaire", "health-literacy", "--year", "2025",
        "--quota", "新关镇=50:6000")
    cli("user", "add", "office", "--role", "office", "--plan", PLAN, "--password-stdin", stdin=PASSWORD + "\n")
    cli("user", "add", "liaison", "--role", "liaison", "--plan", PLAN, "--unit", "县卫体局", "--password-stdin",
        stdin=PASSWORD + "\n")

    def token(*command):
        out = cli("token", "issue", *command, capture=True)
        secrets = [w for w in out.split() if w.startswith("hc_")]
        if not secrets:
            raise SystemExit(f"token issue printed no secret: {out!r}")
        return secrets[0]

    survey_id = cli("survey", "list", PLAN, capture=True).split()[0]
    place_id = json.loads(cli("cells", "list", PLAN, "--json", "--limit", "1", capture=True))[0]["id"]

    callers = {
        # An administrator's reading token: every programme.
        "admin": lambda: token("接口测试-全部"),
        # A programme token: reads pianguan like its leader.
        "programme": lambda: token("接口测试-方案", "--plan", PLAN),
        # A data-submission token: may also post the programme's figures, for the office's review.
        "data": lambda: token("接口测试-报送", "--plan", PLAN, "--submit-data"),
    }
    wanted = [c.strip() for c in args.callers.split(",") if c.strip()]
    # A liaison cannot hold a token: it calls the API with its signed-in session (cookie and CSRF header).
    headers = {name: [f"Authorization: Bearer {callers[name]()}"] for name in wanted if name != "liaison"}

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(artifacts, "server.log"), "w")
    server = subprocess.Popen([binary, "serve", "--database", db, "--port", str(port), "--no-seed"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    failed = []
    try:
        wait_for(base + "/livez")
        if "liaison" in wanted:
            headers["liaison"] = sign_in(base, "liaison", PASSWORD)
        # The path parameters the document names, fixed to this database's records so the handlers behind them
        # are reached (random ids only ever meet 404); everything else is generated.
        config = os.path.join(work, "schemathesis.toml")
        with open(config, "w") as f:
            f.write(f'[parameters]\n"path.id" = "{PLAN}"\n"path.sid" = "{survey_id}"\n"path.pid" = "{place_id}"\n')
        for name in wanted:
            print(f"== schemathesis as {name} ==", flush=True)
            command = schemathesis_command() + [
                "--config-file", config, "run", base + "/api/v1/openapi.json",
                "--url", base,
                *[arg for header in headers[name] for arg in ("--header", header)],
                "--checks", args.checks,
                "--max-examples", str(args.max_examples),
                "--max-time", str(args.max_time),
                "--phases", "examples,coverage,fuzzing",
                # One worker: CPython 3.11 before 3.11.8 keeps the AST recursion depth in shared state, so
                # hypothesis describing its strategies on two threads at once fails with "AST constructor
                # recursion depth mismatch" (gh-106905), an error of the tool and not of our API.
                "--workers", "1",
                "--seed", "20240601",
                "--request-timeout", "30",
                "--suppress-health-check", "all",
                "--report", "junit",
                "--report-junit-path", os.path.join(artifacts, f"{name}.xml"),
                "--output-sanitize", "true",
            ]
            # Run in the scratch folder: schemathesis keeps a .schemathesis/ cache in its working directory.
            code = subprocess.run(command, env=env, cwd=work).returncode
            if code != 0:
                failed.append(name)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)

    if failed:
        print(f"schemathesis: failures as {', '.join(failed)}; server log in {artifacts}/server.log")
        return 1
    print(f"schemathesis: {len(wanted)} callers, no server error, every response as documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
