"""What the process-level tests (Tests/Process) and the HTTP benchmarks (bench/) share: the real binary started
and stopped (and killed), HTTP with a cookie jar the way a browser signs in and posts forms, multipart bodies and
valid image files, throw-away PostgreSQL databases, SQL through Python's sqlite3 or psql, and cases reported one
line each with a closing count. Standard library only.
"""
import atexit, hashlib, http.client, os, random, re, signal, socket, struct, subprocess, sys, threading, time, \
    traceback, urllib.parse, uuid, zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PASSWORD = "Process-password-2024"
PLAN = "pianguan-2023"
REGIONS = """code,name,level,parent
140932100,新关镇,township,偏关县
140932100201,东关村,village,新关镇
140932101,天峰坪镇,township,偏关县
140932101201,天峰坪村,village,天峰坪镇
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# MARK: processes

_started = []          # every process this run started, so that all of them are ended on the way out
_started_lock = threading.Lock()


def spawn(argv, **kwargs):
    process = subprocess.Popen(argv, **kwargs)
    with _started_lock:
        _started.append(process)
    return process


def end(process, grace=5.0):
    """Ends one process this run started: SIGTERM, then SIGKILL after `grace` seconds."""
    if process.poll() is None:
        try:
            process.terminate()
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        except ProcessLookupError:
            pass


def end_all():
    with _started_lock:
        processes = list(_started)
    for process in processes:
        try:
            end(process, grace=3.0)
        except Exception:
            pass


def _on_signal(number, _frame):
    end_all()
    sys.exit(128 + number)


atexit.register(end_all)
signal.signal(signal.SIGTERM, _on_signal)


def base_env(**extra):
    env = dict(os.environ, HEALTHCITY_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)
    env.pop("HEALTHCITY_TRUSTED_PROXIES", None)
    env.update({k: v for k, v in extra.items() if v is not None})
    return env


def cli(binary, database, *args, stdin=None, env=None, timeout=300, check=True):
    """One `healthcity` command on `database`, from the repository root (plans/, standards/ are found there)."""
    result = subprocess.run([binary, *args, "--database", database], input=stdin, text=True, cwd=ROOT,
                            env=env or base_env(), capture_output=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"healthcity {' '.join(args)} → {result.returncode}: {result.stderr.strip()[:600]}")
    return result


def prepare(binary, database, people, env=None):
    """The programme 偏关 with two townships and their villages, and the accounts `people` (username, role, extra)."""
    cli(binary, database, "plan", "load", os.path.join(ROOT, "plans", f"{PLAN}.yaml"), env=env)
    regions = os.path.join(os.path.dirname(database) if not database.startswith("postgres") else "/tmp",
                           f"regions-{os.getpid()}.csv")
    with open(regions, "w", encoding="utf-8") as f:
        f.write(REGIONS)
    cli(binary, database, "regions", "import", regions, "--plan", PLAN, env=env)
    os.unlink(regions)
    for username, role, extra in people:
        cli(binary, database, "user", "add", username, "--role", role, *extra, "--password-stdin",
            stdin=PASSWORD + "\n", env=env)


class Server:
    """`healthcity serve` on 127.0.0.1:port, its output in `log`."""

    def __init__(self, binary, database, log, port=None, env=None):
        self.binary, self.database, self.log = binary, database, log
        self.port = port or free_port()
        self.env = env or base_env()
        self.process = None

    def start(self, seconds=90):
        output = open(self.log, "a")
        self.process = spawn([self.binary, "serve", "--database", self.database, "--host", "127.0.0.1",
                              "--port", str(self.port), "--no-seed"], cwd=ROOT, env=self.env,
                             stdout=output, stderr=subprocess.STDOUT)
        output.close()
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server on port {self.port} exited with {self.process.returncode}: {self.tail()}")
            try:
                if Client(self.port, timeout=2).get("/livez").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server on port {self.port} did not answer /livez within {seconds}s: {self.tail()}")

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process:
            end(self.process)

    def tail(self, lines=15):
        try:
            with open(self.log, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""


# MARK: HTTP

class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return urllib.parse.unquote(self.header("location") or "")

    def __repr__(self):
        return f"<{self.status} {self.location or self.text[:160]!r}>"


def quote_path(path):
    return urllib.parse.quote(path, safe="/?=&%:+,;-._~")


class Client:
    """One browser: a cookie jar and one keep-alive connection to 127.0.0.1:port (from `source`, a loopback address
    of its own, when given). `jar` may be another client's, to send the same session to another server."""

    def __init__(self, port, jar=None, source=None, timeout=60):
        self.port, self.source, self.timeout = port, source, timeout
        self.jar = jar if jar is not None else {}
        self.connection = None
        self.csrf_token = None

    def _connect(self):
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout, source_address=(self.source, 0) if self.source else None)

    def close(self):
        if self.connection:
            self.connection.close()
            self.connection = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        while True:
            reused = self.connection is not None
            if not reused:
                self._connect()
            try:
                self.connection.request(method, quote_path(path), body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A keep-alive connection the server closed while idle: once more on a new one. A request that
                # failed on a fresh connection is the caller's to judge.
                self.close()
                if not reused:
                    raise
            except OSError:
                self.close()
                raise
        result = Response(response.status, response.getheaders(), data)
        if response.getheader("connection", "").lower() == "close":
            self.close()
        for name, value in result.headers:
            if name.lower() == "set-cookie":
                pair, _, attributes = value.partition(";")
                key, _, val = pair.strip().partition("=")
                if not val or re.search(r"max-age=0\b", attributes, re.I):
                    self.jar.pop(key, None)
                else:
                    self.jar[key] = val
        return result

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields, headers=None):
        body = urllib.parse.urlencode(list(fields.items()) if isinstance(fields, dict) else fields).encode()
        return self.request("POST", path, body, dict(headers or {}, **{"Content-Type": "application/x-www-form-urlencoded"}))

    def post_multipart(self, path, fields, files=(), headers=None):
        """`fields` in order (the CSRF token first, as pages put it); `files` as (field, file name, bytes)."""
        boundary, body = multipart(fields, files)
        return self.request("POST", path, body, dict(headers or {}, **{"Content-Type": f"multipart/form-data; boundary={boundary}"}))

    def csrf(self, page=None):
        """The session's CSRF token, read from a page's hidden field (the home page unless one is given)."""
        text = page.text if isinstance(page, Response) else page
        if text is None:
            text = self.get("/").text
        found = re.search(r'name="csrf" value="([^"]+)"', text)
        if not found:
            raise AssertionError(f"no csrf field on the page: {text[:200]!r}")
        self.csrf_token = found.group(1)
        return self.csrf_token

    def sign_in(self, username, password=PASSWORD):
        """The sign-in form as a browser sends it: the double-submit cookie from GET /login and the form's field."""
        self.jar.pop("hc_session", None)
        form = self.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        if form.status != 200 or not token:
            raise AssertionError(f"GET /login: {form}")
        return self.post_form("/login", {"csrf": token.group(1), "username": username, "password": password})

    def signed_in(self, username, password=PASSWORD):
        answer = self.sign_in(username, password)
        if answer.status != 303 or "hc_session" not in self.jar:
            raise AssertionError(f"sign-in of {username} answered {answer}")
        self.csrf()
        return self


def hidden_fields(page, action):
    """The hidden inputs of the page's form posting to `action`, in order, as a browser would send them."""
    from html.parser import HTMLParser

    class Forms(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.fields = False, []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.inside = urllib.parse.unquote(a.get("action") or "") == action
            elif tag == "input" and self.inside and a.get("type") == "hidden" and a.get("name"):
                self.fields.append((a["name"], a.get("value") or ""))

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
    parser = Forms()
    parser.feed(page.text if isinstance(page, Response) else page)
    return parser.fields


def multipart(fields, files=()):
    boundary = "----hc" + uuid.uuid4().hex
    parts = []
    for name, value in (fields.items() if isinstance(fields, dict) else fields):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + str(value).encode() + b"\r\n")
    for name, filename, data in files:
        kind = {".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf", ".csv": "text/csv"}.get(
            os.path.splitext(filename)[1].lower(), "application/octet-stream")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {kind}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return boundary, b"".join(parts)


def png(size, seed=0):
    """A valid PNG of about `size` bytes: random RGB pixels (which do not compress), so the file is as large as asked."""
    width = 512
    height = max(1, size // (width * 3 + 1))
    rows = random.Random(seed).randbytes(height * (width * 3 + 1))
    raw = bytearray(rows)
    raw[::width * 3 + 1] = bytes(height)  # filter byte 0 at the start of every row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 1)) + chunk(b"IEND", b""))


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def percentile(values, p):
    """The nearest-rank percentile of `values` (p in 0…100)."""
    ordered = sorted(values)
    return ordered[max(0, -(-p * len(ordered) // 100) - 1)]


def peak_rss_mib(pid):
    """A running process's peak resident memory (VmHWM), in MiB."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


# MARK: databases

class Postgres:
    """A fresh database on the server named by `admin_url` (TEST_POSTGRES_URL), dropped by `drop()`."""

    def __init__(self, admin_url, label):
        self.admin = admin_url
        self.name = f"hc_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        parsed = urllib.parse.urlsplit(admin_url)
        self.url = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, "/" + self.name, parsed.query, ""))
        psql(self.admin, f'CREATE DATABASE "{self.name}"')

    def drop(self):
        try:
            psql(self.admin, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except Exception as error:
            print(f"    (could not drop {self.name}: {error})")


def psql(url, query):
    parsed = urllib.parse.urlsplit(url)
    # libpq takes the URL without the sslmode Fluent needs spelled out; keep the rest as is.
    query_string = "&".join(p for p in parsed.query.split("&") if p and not p.startswith("sslmode="))
    plain = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, parsed.path, query_string, ""))
    result = subprocess.run(["psql", plain, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", query],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"psql: {result.stderr.strip()}")
    return result.stdout.strip()


def sql(database, query):
    """One query's first column, on a SQLite file or a PostgreSQL URL."""
    if database.startswith("postgres"):
        return psql(database, query).splitlines()
    import sqlite3
    connection = sqlite3.connect(database, timeout=30)
    try:
        return [str(row[0]) for row in connection.execute(query)]
    finally:
        connection.close()


# MARK: cases

class Cases:
    """Runs named cases, each within a time bound, one line each; `finish()` prints `N passed, M failed`."""

    def __init__(self, title):
        self.title = title
        self.passed, self.failed = [], []

    def run(self, name, body, seconds=60):
        started = time.time()

        def expired(_number, _frame):
            raise TimeoutError(f"took longer than {seconds}s")
        previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(int(seconds))
        try:
            body()
            self.passed.append(name)
            print(f"  ✔ {name} ({time.time() - started:.1f}s)", flush=True)
        except Exception as error:
            self.failed.append(name)
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            where = traceback.extract_tb(error.__traceback__)
            line = next((f"{os.path.basename(f.filename)}:{f.lineno}" for f in reversed(where)
                         if f.filename != __file__), "")
            print(f"  ✘ {name} ({time.time() - started:.1f}s): {detail} [{line}]", flush=True)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    def finish(self):
        print(f"{self.title}: {len(self.passed)} passed, {len(self.failed)} failed", flush=True)
        return 1 if self.failed else 0


def check(condition, message):
    if not condition:
        raise AssertionError(message)
