#!/usr/bin/env python3
"""Real-browser walk: Debian's Chromium driven through chromedriver (W3C WebDriver over HTTP,
no client library needed). Signs in as each role and walks the main paths, asserting what the
pages show. Screenshots of every home page go to the artifacts folder; a failing step saves one
named after the step.

Usage: Tests/Browser/walk.py [--binary .build/debug/healthcity] [--artifacts .build/browser-walk]
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request, urllib.error, base64

PASSWORD = "Walk-password-2024"
REGIONS = """code,name,level,parent
140932100,新关镇,township,偏关县
140932100201,东关村,village,新关镇
140932101,天峰坪镇,township,偏关县
140932101201,天峰坪村,village,天峰坪镇
"""
PEOPLE = [
    ("admin", "admin", ["--display-name", "系统管理员"]),
    ("office", "office", ["--plan", "pianguan-2023", "--display-name", "偏关创建办"]),
    ("liaison", "liaison", ["--plan", "pianguan-2023", "--unit", "县卫体局", "--display-name", "卫体局联络员"]),
    ("township", "township", ["--plan", "pianguan-2023", "--region", "新关镇", "--display-name", "新关镇专干"]),
    ("assessor", "assessor", ["--plan", "pianguan-2023", "--display-name", "评审专家"]),
    ("leader", "leader", ["--plan", "pianguan-2023", "--display-name", "分管领导"]),
    ("province", "province", ["--region", "山西省", "--display-name", "省卫健委"]),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {seconds}s")


class Browser:
    """The few WebDriver commands the walk needs."""

    def __init__(self, driver_url):
        self.driver = driver_url
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium") or "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=zh-CN"]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.driver + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"WebDriver {method} {path}: {error.read().decode()[:300]}")

    def s(self, path):
        return f"/session/{self.session}{path}"

    def go(self, url):
        self.call("POST", self.s("/url"), {"url": url})

    def find(self, css):
        found = self.call("POST", self.s("/element"), {"using": "css selector", "value": css})
        return list(found.values())[0]

    def type(self, css, text):
        element = self.find(css)
        self.call("POST", self.s(f"/element/{element}/clear"))
        self.call("POST", self.s(f"/element/{element}/value"), {"text": text})

    def send_file(self, css, path):
        # A file input takes the file's path as typed text (no clearing: file inputs refuse it).
        self.call("POST", self.s(f"/element/{self.find(css)}/value"), {"text": path})

    def click(self, css):
        self.call("POST", self.s(f"/element/{self.find(css)}/click"))

    def text(self):
        return self.call("POST", self.s("/execute/sync"), {"script": "return document.body.innerText", "args": []})

    def title(self):
        return self.call("GET", self.s("/title"))

    def url(self):
        return self.call("GET", self.s("/url"))

    def script(self, source):
        return self.call("POST", self.s("/execute/sync"), {"script": source, "args": []})

    def size(self, width, height):
        self.call("POST", self.s("/window/rect"), {"width": width, "height": height})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.s("/screenshot"))))

    def offline(self, on):
        # Chromedriver's network emulation: the page's fetches fail as on a lost connection.
        self.call("POST", self.s("/chromium/network_conditions"), {"network_conditions": {
            "offline": on, "latency": 0, "download_throughput": -1, "upload_throughput": -1}})

    def clear_cookies(self):
        self.call("DELETE", self.s("/cookie"))

    def quit(self):
        try:
            self.call("DELETE", self.s(""))
        except Exception:
            pass


class Walk:
    def __init__(self, browser, base, artifacts):
        self.b, self.base, self.artifacts = browser, base, artifacts
        self.failures = []
        self.steps = 0

    def step(self, name, fn):
        self.steps += 1
        try:
            fn()
            print(f"  ✔ {name}")
        except Exception as error:  # a failed step is recorded with a screenshot, and the walk goes on
            self.failures.append((name, error))
            shot = os.path.join(self.artifacts, f"FAILED-{len(self.failures):02d}.png")
            try:
                self.b.screenshot(shot)
            except Exception:
                shot = "(no screenshot)"
            print(f"  ✘ {name}: {error}\n    screenshot: {shot}\n    url: {self.safe_url()}")

    def safe_url(self):
        try:
            return self.b.url()
        except Exception:
            return "?"

    def expect(self, *texts, absent=(), seconds=5):
        # A click that submits a form can return before the next page has loaded: look again briefly.
        deadline = time.time() + seconds
        body = self.b.text()
        # Text that must be absent is polled too: the old page may still be showing it.
        while (any(text not in body for text in texts) or any(text in body for text in absent)) \
                and time.time() < deadline:
            time.sleep(0.2)
            body = self.b.text()
        for text in texts:
            if text not in body:
                raise AssertionError(f"page lacks 「{text}」; it shows: {body[:200]!r}")
        for text in absent:
            if text in body:
                raise AssertionError(f"page should not show 「{text}」")

    def wait_for_url(self, suffix, seconds=5):
        deadline = time.time() + seconds
        while not self.b.url().endswith(suffix) and time.time() < deadline:
            time.sleep(0.2)

    def sign_in(self, username, password=PASSWORD):
        self.b.clear_cookies()
        self.b.go(self.base + "/login")
        self.b.type("input[name=username]", username)
        self.b.type("input[name=password]", password)
        self.b.click("button[type=submit]")

    def shot(self, name):
        self.b.screenshot(os.path.join(self.artifacts, f"{name}.png"))


def phone_first_steps(w, browser, base):
    """H4, issue 18: at 390 px the batch scoring, coverage, indicator entry and dashboard pages fit the screen, chart
    labels are at least 12 px, and a half-filled scoring card is stopped before it is sent."""
    def narrow(path, *texts):
        browser.go(base + path)
        w.expect(*texts)
        wide = browser.script("return document.documentElement.scrollWidth")
        if wide > 390:
            raise AssertionError(f"{path} is {wide}px wide on a 390px phone")

    def batch_on_phone():
        w.sign_in("township")
        w.expect("新关镇")
        browser.size(390, 844)
        try:
            narrow("/plans/pianguan-2023/cells/batch", "批量评分", "满分", "全部满分")
            first = "[data-place-card]:first-of-type "
            browser.type(first + "input[type=number]", "1")
            total = browser.script("return document.querySelector('[data-place-card] [data-total]').textContent")
            if total != "1":
                raise AssertionError(f"running total shows {total!r} after typing 1")
            browser.click(".batch-submit button[type=submit]")
            w.expect("未提交", "只填了一部分")
            w.shot("phone-batch")
        finally:
            browser.size(1280, 1000)
    w.step("手机上批量评分：每户一张卡片、合计随填随算，只填一部分时提交前提醒", batch_on_phone)

    def office_on_phone():
        w.sign_in("office")
        w.expect("工作看板")
        browser.size(390, 844)
        try:
            narrow("/plans/pianguan-2023/cells", "各乡镇", "新关镇")
            shown = browser.script("return getComputedStyle(document.querySelector('.cov-cards')).display")
            if shown == "none":
                raise AssertionError("the township cards are hidden on a phone")
            w.shot("phone-coverage")
            narrow("/plans/pianguan-2023/indicators/entry", "录入指标数据", "保存本部分草稿")
            narrow("/plans/pianguan-2023/dashboard", "各单位承担任务数")
            sizes = browser.script("return Array.from(document.querySelectorAll('svg text')).filter(t => t.getBBox().width > 0)"
                                   ".map(t => t.getBoundingClientRect().height)")
            if not sizes or min(sizes) < 12:
                raise AssertionError(f"chart labels at 390 px: smallest {min(sizes or [0]):.1f}px")
            w.shot("phone-dashboard")
        finally:
            browser.size(1280, 1000)
    w.step("手机上覆盖看板按乡镇分卡片、指标录入分部分、图表文字不小于 12 像素", office_on_phone)


def run(binary, artifacts):
    os.makedirs(artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="healthcity-walk-")
    db = os.path.join(work, "walk.sqlite")
    env = dict(os.environ, HEALTHCITY_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)

    def cli(*args, stdin=None):
        subprocess.run([binary, *args, "--database", db], input=stdin, text=True, env=env, check=True,
                       stdout=subprocess.DEVNULL)

    plans = sorted(os.path.join("plans", f) for f in os.listdir("plans") if f.endswith(".yaml"))
    cli("plan", "load", *plans)
    regions = os.path.join(work, "regions.csv")
    with open(regions, "w") as f:
        f.write(REGIONS)
    cli("regions", "import", regions, "--plan", "pianguan-2023")
    for username, role, extra in PEOPLE:
        cli("user", "add", username, "--role", role, *extra, "--password-stdin", stdin=PASSWORD + "\n")

    port, driver_port = free_port(), free_port()
    server = subprocess.Popen([binary, "serve", "--database", db, "--port", str(port), "--no-seed"], env=env,
                              stdout=open(os.path.join(artifacts, "server.log"), "w"), stderr=subprocess.STDOUT)
    driver = subprocess.Popen([shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = None
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        wait_for(f"http://127.0.0.1:{driver_port}/status")
        browser = Browser(f"http://127.0.0.1:{driver_port}")
        w = Walk(browser, base, artifacts)

        print("未登录")
        w.step("首页转到登录页", lambda: (browser.go(base + "/"), w.expect("登录", "用户名", "密码")))
        w.step("错误密码给出中文提示", lambda: (w.sign_in("office", "wrong-password-9"), w.expect("用户名或密码不正确")))

        print("创建办")
        w.step("登录后看到工作看板与待办", lambda: (w.sign_in("office"), w.expect("工作看板", "需要我办理", "阶段进度", "尚无联络员账号")))
        w.step("看板截图", lambda: w.shot("office-home"))
        w.step("账号页列出本方案账号", lambda: (browser.go(base + "/admin/users"), w.expect("卫体局联络员", "新关镇专干")))
        w.step("方案页", lambda: (browser.go(base + "/plans/pianguan-2023"), w.expect("偏关县创建省级健康促进县工作实施方案")))
        w.step("单位页与联络员信息", lambda: (browser.go(base + "/plans/pianguan-2023/units/县财政局"), w.expect("任务分解表", "联络员")))
        w.step("搜索单位", lambda: (browser.go(base + "/search?q=卫体"), w.expect("县卫体局")))
        w.step("他省方案无权访问", lambda: (browser.go(base + "/plans/longnan-2024"), w.expect("无权")))

        print("单位联络员")
        w.step("首页是本单位的工作", lambda: (w.sign_in("liaison"), w.expect("县卫体局 · 我的工作", "我的任务")))
        w.step("联络员首页截图", lambda: w.shot("liaison-home"))

        def edit_contact():
            browser.go(base + "/plans/pianguan-2023/units/县卫体局")
            browser.script("document.querySelector('#contact details').open = true")
            browser.type("input[name=liaison]", "王<b>五</b>")
            browser.type("input[name=phone]", "0350-7654321")
            browser.click("#contact button[type=submit]")
            w.expect("已保存", "王<b>五</b>", "0350-7654321")
        w.step("填写本单位联络员信息（标记按文字显示）", edit_contact)
        w.step("其他单位没有修改表单", lambda: (browser.go(base + "/plans/pianguan-2023/units/县财政局"),
                                       w.expect("联络员"), w.expect(absent=["修改联络员信息"])))

        def phone():
            browser.size(390, 844)
            browser.go(base + "/")
            w.expect("我的任务")
            wide = browser.script("return document.documentElement.scrollWidth")
            if wide > 400:
                raise AssertionError(f"page is {wide}px wide on a 390px phone")
            w.shot("liaison-phone")
            browser.size(1280, 1000)
        w.step("手机宽度下可读", phone)

        print("乡镇专干")
        w.step("首页是本乡镇", lambda: (w.sign_in("township"), w.expect("新关镇", "东关村"), w.shot("township-home")))
        w.step("打开本乡镇的村", lambda: (browser.click("a[href*='/regions/']"), w.expect("东关村")))

        print("领导")
        w.step("一页看板", lambda: (w.sign_in("leader"), w.expect("工作看板", "各单位承担任务数"), w.shot("leader-home")))
        w.step("领导不能进入账号管理", lambda: (browser.go(base + "/admin/users"), w.expect("无权")))

        print("评审专家")
        w.step("首页是看板", lambda: (w.sign_in("assessor"), w.expect("工作看板")))

        print("省级查看")
        w.step("本省各地对比", lambda: (w.sign_in("province"), w.expect("山西省 · 创建进展", "偏关县", "嘉峰镇", absent=["龙南市"]),
                                   w.shot("province-home")))

        print("系统管理员")
        w.step("系统管理首页", lambda: (w.sign_in("admin"), w.expect("系统管理", "龙南市创建健康市工作实施方案"), w.shot("admin-home")))
        w.step("操作日志记下联络员的修改", lambda: (browser.go(base + "/admin/audit"), w.expect("更新单位联系人", "卫体局联络员")))

        def token():
            browser.go(base + "/admin/tokens")
            browser.type("input[name=name]", "市全民健康信息平台")
            browser.script("window.confirm = function () { return true; }")
            browser.click("form.stack button[type=submit]")
            w.expect("接口令牌已签发", "hc_")
        w.step("签发接口令牌", token)

        print("导入方案文件（系统管理员）")
        seed = os.path.abspath(os.path.join("..", "shared", "seeds", "003_5a58676f7c40b71f.txt"))

        def import_upload():
            browser.go(base + "/imports/new")
            w.expect("导入方案文件", "读取并生成草稿")
            browser.send_file("input[type=file]", seed)
            w.shot("import-upload")
            browser.click("form.stack button[type=submit]")
            w.expect("导入草稿：003_5a58676f7c40b71f.txt", "需要核对", "原文（共", "实施阶段", "工作任务（33 项）")
            w.shot("import-draft")
        w.step("上传偏关县实施方案，看到草稿与原文", import_upload)

        def import_source_link():
            browser.click("a.src[href='#L57']")
            lit = browser.script("return [56, 57, 58, 59, 60].map(function (n) {"
                                 " return document.getElementById('L' + n).classList.contains('hl'); })")
            if lit != [False, True, True, True, False]:
                raise AssertionError(f"lines 57–59 should be highlighted, got {lit}")
            if not browser.url().endswith("#L57"):
                raise AssertionError(f"the link should lead to #L57, not {browser.url()}")
            w.shot("import-source-link")
        w.step("点击来源链接，原文第57–59行高亮", import_source_link)

        def import_correct():
            browser.type("input[name=id]", "pianguan-import")
            browser.type("input[name='task.2.responsible']", "县财政局、县卫体局")
            browser.click("form#corrections > button[type=submit]")
            w.expect("修改已保存到草稿", "保存为方案 id「pianguan-import」")
        w.step("改为新的方案 id、修改责任单位并保存修改", import_correct)

        def import_save():
            browser.click("#save form.stack button[type=submit]")
            w.wait_for_url("/plans/pianguan-import")
            w.expect("偏关县创建省级健康促进县工作实施方案", absent=["导入草稿"])
            if not browser.url().endswith("/plans/pianguan-import"):
                raise AssertionError(f"should land on the programme, not {browser.url()}")
            w.shot("import-saved")
        w.step("保存为方案，转到方案页", import_save)
        w.step("操作日志记下导入", lambda: (browser.go(base + "/admin/audit"), w.expect("从文件导入方案", "pianguan-import")))

        print("指标与目标")
        demo = os.path.abspath(os.path.join("demo", "indicators-pianguan-2023.csv"))

        def indicator_import():
            w.sign_in("office")
            w.expect("工作看板")
            browser.go(base + "/plans/pianguan-2023/indicators/import")
            browser.send_file("input[type=file]", demo)
            browser.click("form.stack button[type=submit]")
            w.expect("已导入", "新增 13 条", "参考值 2 条")
        w.step("创建办导入指标数据（CSV）", indicator_import)

        def indicator_board():
            browser.go(base + "/plans/pianguan-2023/indicators?year=2023")
            w.expect("指标与目标", "达标", "未达标", "缺数据", "2023年 23.6% ≥ 全省 19% × 1.2 = 22.8%",
                     "2023年 8户 < 目标 10户")
            w.shot("indicator-board")
        w.step("指标看板：判定与理由", indicator_board)

        def indicator_bad_import():
            bad = os.path.join(work, "bad-indicators.csv")
            with open(bad, "w", encoding="utf-8") as f:
                f.write("region,indicator,period,value\n偏关县,HC40,2023,120\n不存在县,HC38,2023,20\n偏关县,HC38,2023,abc\n")
            browser.go(base + "/plans/pianguan-2023/indicators/import")
            browser.send_file("input[type=file]", bad)
            browser.click("form.stack button[type=submit]")
            w.expect("未导入任何数据", "bad-indicators.csv:2:4", "不能超过 100%", "本方案没有地区「不存在县」", "「abc」不是数字")
        w.step("错误的文件按行列报错、不导入", indicator_bad_import)

        def liaison_entry():
            w.sign_in("liaison")
            w.expect("我的工作")
            browser.go(base + "/plans/pianguan-2023/indicators/entry?period=2022")
            w.expect("录入指标数据", "县卫体局", "HC40")
            browser.type("input[name='value.HC40']", "31.2")
            browser.click("form:has(input[name='value.HC40']) button[value=submit]")
            w.expect("已提交审核：1 项")
            w.shot("indicator-entry")
        w.step("联络员报送本单位指标", liaison_entry)
        w.step("联络员不能审核", lambda: (browser.go(base + "/plans/pianguan-2023/indicators/review"), w.expect("无权")))

        def office_review():
            w.sign_in("office")
            w.expect("工作看板")
            browser.go(base + "/plans/pianguan-2023/indicators/review")
            w.expect("审核指标数据", "HC40", "卫体局联络员")
            browser.script("document.querySelectorAll('input[name=\"ids[]\"]').forEach(function (b) {"
                           " var t = b.closest('tr').textContent;"
                           " if (t.indexOf('HC40') >= 0 && t.indexOf('2022年') >= 0) b.checked = true; })")
            browser.click("button[value=approve]")
            w.expect("已审核通过 1 条")
        w.step("创建办审核通过，数据锁定", office_review)

        print("健康细胞")
        cells_demo = os.path.abspath(os.path.join("demo", "cells-pianguan.csv"))

        def cells_upload(path):
            browser.go(base + "/plans/pianguan-2023/cells/import")
            browser.send_file("input[type=file]", path)
            browser.click("form.stack button[type=submit]")

        def cells_import():
            w.sign_in("office")
            w.expect("工作看板")
            cells_upload(cells_demo)
            w.expect("导入完成：36 行，新增 36", seconds=30)
            w.shot("cells-import")
        w.step("创建办导入健康细胞登记册，进度条后看到结果", cells_import)

        def cells_board():
            browser.go(base + "/plans/pianguan-2023/cells")
            w.expect("健康细胞建设", "1 / 3", "还差 1 所学校", "2 个乡镇未达标，共还差 9 户", "新关镇", "天峰坪镇")
            w.shot("cells-board")
        w.step("覆盖看板：各目标、各乡镇与差距", cells_board)

        def cells_bad_import():
            bad = os.path.join(work, "bad-cells.csv")
            with open(bad, "w", encoding="utf-8") as f:
                f.write("type,name,region\nfamily,某户,火星镇\nhotel,某宾馆,新关镇\n")
            cells_upload(bad)
            w.expect("导入失败", "bad-cells.csv:2:3", "找不到地区「火星镇」", "未知的细胞类型「hotel」", seconds=30)
        w.step("错误的登记册按行列报错、整份不导入", cells_bad_import)

        def township_batch():
            w.sign_in("township")
            w.expect("新关镇")
            browser.go(base + "/plans/pianguan-2023/cells/batch")
            w.expect("批量评分", "东关村演示户09", absent=["天峰坪村演示户"])
            browser.click("button[data-fill-row]")
            browser.click("div.scroll + p button[type=submit]")
            w.expect("已保存 1 份评分：建议通过 1")
            w.shot("cells-batch")
        w.step("乡镇专干批量评分（满分按钮），只见本乡镇", township_batch)

        def office_confirms():
            w.sign_in("office")
            w.expect("工作看板")
            browser.go(base + "/plans/pianguan-2023/cells/review")
            w.expect("确认评审（1）", "东关村演示户09", "建议通过")
            browser.click("button[value=confirm]")
            w.expect("没有待确认的评审")
            browser.go(base + "/plans/pianguan-2023/cells")
            w.expect("共还差 8 户")
        w.step("创建办确认命名，看板随之更新", office_confirms)

        def office_names_a_kind():
            browser.go(base + "/plans/pianguan-2023/cells/new")
            w.expect("登记场所", "健康养老机构", "其他类型")
            browser.script("document.querySelector('select[name=type]').value = 'new'")
            browser.type("input[name=newKindLabel]", "健康商场")
            browser.type("input[name=name]", "偏关购物中心")
            browser.click("form[action$='/cells/new'] button[type=submit]")
            w.expect("偏关购物中心", "健康商场")
            browser.go(base + "/plans/pianguan-2023/cells")
            w.expect("其他场所类型（方案未定目标，仅计数）", "健康商场")
            browser.size(390, 844)
            wide = browser.script("return document.documentElement.scrollWidth")
            browser.size(1280, 1000)
            if wide > 400:
                raise AssertionError(f"coverage board is {wide}px wide on a 390px phone")
        w.step("创建办登记方案目标以外类型的场所（健康商场），看板只计数", office_names_a_kind)
        phone_first_steps(w, browser, base)

        print("居民调查")
        survey = {}

        def survey_new():
            w.sign_in("office")
            w.expect("工作看板")
            browser.go(base + "/plans/pianguan-2023/surveys/new")
            browser.type("input[name=name]", "2025年吸烟与锻炼调查")
            browser.script("document.querySelector('select[name=questionnaire]').value = 'smoking'")
            browser.type("input[name=year]", "2025")
            rows = "table.compact tbody tr"
            browser.type(f"{rows}:nth-child(1) input[name^=quotas]", "3")
            browser.type(f"{rows}:nth-child(1) input[name^=population]", "6000")
            browser.type(f"{rows}:nth-child(2) input[name^=quotas]", "2")
            browser.type(f"{rows}:nth-child(2) input[name^=population]", "2000")
            browser.click("form.stack > button[type=submit]")
            w.expect("各乡镇进度", "0 / 3", "0 / 2")
            survey["url"] = browser.url()
        w.step("创建办新建调查，分配各乡镇样本", survey_new)

        def fill_interview(code, smoking):
            browser.type("input[name=respondent]", code)
            browser.type("input[name=village]", "东关村")
            for css in ["input[name='a.sex'][value='男']", "input[name='a.residence'][value='农村']",
                        f"input[name='a.smoking'][value='{smoking}']"]:
                browser.click(css)
            browser.type("input[name='a.age']", "45")
            browser.type("input[name='a.exercise_times']", "3")
            browser.click("form#interview > button[type=submit]")

        def survey_offline():
            w.sign_in("township")
            w.expect("新关镇")
            browser.go(survey["url"] + "/form")
            w.expect("填报答卷", "您现在吸烟吗", absent=["天峰坪镇"])
            browser.offline(True)
            try:
                fill_interview("XG-001", "每天吸")
                w.expect("网络不通", "已保存在本机", "本机有 1 份答卷尚未上传")
                w.shot("survey-offline")
            finally:
                browser.offline(False)
            browser.script("window.dispatchEvent(new Event('online'))")
            w.expect("填报答卷", absent=["本机有 1 份答卷尚未上传"], seconds=10)
            browser.go(survey["url"])
            w.expect("1 / 3")
        w.step("乡镇专干断网填报：答卷留在本机，联网后自动上传", survey_offline)

        def survey_online_and_wrong():
            browser.go(survey["url"] + "/form")
            fill_interview("XG-001", "从不吸")
            w.expect("未保存", "调查中已有问卷编号「XG-001」")
            browser.type("input[name=respondent]", "XG-002")
            browser.click("form#interview > button[type=submit]")
            w.expect("已保存问卷 XG-002")
        w.step("重复的问卷编号被指出，改正后保存", survey_online_and_wrong)

        def survey_import_and_results():
            w.sign_in("office")
            w.expect("工作看板")
            answers = os.path.join(work, "smoking.csv")
            with open(answers, "w", encoding="utf-8") as f:
                f.write("id,sex,age,residence,township,education,smoking,cigarettes_per_day,secondhand_days,"
                        "exercise_times,exercise_minutes,exercise_intensity,village\n"
                        "XG-003,女,33,城市,新关镇,初中,从不吸,,1,4,40,中等,南关村\n"
                        "TF-001,男,50,农村,天峰坪镇,小学,偶尔吸,3,2,0,,,天峰坪村\n"
                        "TF-002,女,61,农村,天峰坪,小学,从不吸,,0,5,30,中等,石门村\n")
            browser.go(survey["url"] + "/import")
            browser.send_file("input[type=file]", answers)
            browser.click("form.stack button[type=submit]")
            w.expect("已从「smoking.csv」导入 3 份答卷", "3 / 3", "2 / 2")
            browser.go(survey["url"] + "/results")
            w.expect("现在吸烟者", "95% 置信区间", "分组估计", "经常参加体育锻炼")
            # How the figures were computed is folded under 计算方法: open it and the design weights are named.
            browser.script("document.querySelectorAll('main details').forEach(d => d.open = true)")
            w.expect("设计权重")
            w.shot("survey-results")
            browser.click("form[action$='/publish'] button[type=submit]")
            w.expect("已把", "写入 2025 年的指标数据")
        w.step("创建办导入答卷，看到带置信区间的结果并写入指标", survey_import_and_results)

        print("创建过程管理")

        def report_month():
            w.sign_in("liaison")
            w.expect("县卫体局")
            browser.go(base + "/plans/pianguan-2023/reports/县卫体局/2023-06")
            browser.type("textarea[name=workDone]", "开展健康讲座 2 场，发放宣传材料 500 份")
            browser.type("textarea[name=nextSteps]", "7 月开展爱国卫生月总结")
            photo = os.path.join(work, "讲座.png")
            with open(photo, "wb") as f:
                f.write(bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + bytes(64))
            browser.send_file("input[name=attachments]", photo)
            browser.click("button[value=submit]")
            w.expect("已提交2023年6月工作月报", "讲座.png")
            w.shot("report-submitted")
        w.step("联络员提交月报（带照片）", report_month)

        def office_inspects():
            w.sign_in("office")
            w.expect("工作看板")
            browser.go(base + "/plans/pianguan-2023/reports?month=2023-06")
            w.expect("应报单位", "县卫体局", "提醒")
            browser.go(base + "/plans/pianguan-2023/inspections/new")
            browser.type("input[name=inspectors]", "张三、李四")
            browser.type("input[name=subjects]", "县卫体局")
            browser.type("textarea[name=findings]", "资料归档不全")
            browser.type("input[name='text.0']", "健康讲座记录缺少签到表")
            browser.script("document.querySelector(\"select[name='unit.0']\").value = '县卫体局'")
            browser.script("document.querySelector(\"input[name='deadline.0']\").value = '2099-12-31'")
            browser.click("form.stack > button[type=submit]")
            w.expect("问题清单", "健康讲座记录缺少签到表", "下载通报")
        w.step("创建办查看月报报送情况，登记督导检查和问题清单", office_inspects)

        def liaison_rectifies():
            w.sign_in("liaison")
            w.expect("县卫体局")
            browser.go(base + "/plans/pianguan-2023/inspections")
            w.expect("县卫体局待整改的问题", "健康讲座记录缺少签到表")
            browser.click("td a[href*='/inspections/']")
            browser.type("textarea[name=note]", "已补齐签到表并归档")
            evidence = os.path.join(work, "签到表.pdf")
            with open(evidence, "wb") as f:
                f.write(b"%PDF-1.4\n% sign-in sheet\n")
            browser.send_file("input[name=evidence]", evidence)
            browser.click("form[action$='/submitRectification'] button[type=submit]")
            w.expect("已提交整改", "签到表.pdf")
        w.step("联络员上传整改材料", liaison_rectifies)

        def office_closes():
            w.sign_in("office")
            w.expect("工作看板")
            browser.go(base + "/plans/pianguan-2023/inspections")
            browser.click("ul a[href*='/inspections/']")
            browser.click("form[action$='/recheck'] button[type=submit]")
            w.expect("已复查")
            browser.click("form[action$='/close'] button[type=submit]")
            w.expect("已销号")
            browser.go(base + "/plans/pianguan-2023/dossier")
            w.expect("迎检资料", "缺少佐证材料", "导出迎检资料")
            w.shot("dossier")
        w.step("创建办复查、销号，迎检资料列出缺口", office_closes)

        def open_form(selector):
            browser.script(f"document.querySelector(\"{selector}\").closest('details').open = true")

        def office_meeting():
            browser.go(base + "/plans/pianguan-2023/meetings")
            w.expect("会议", "发会议通知")
            open_form("form[action$='/meetings'] input[name=title]")
            browser.type("input[name=title]", "创建工作领导小组第一次会议")
            browser.type("input[name=time]", "9:30")
            browser.type("input[name=place]", "县政府三楼会议室")
            browser.type("textarea[name=agenda]", "通报创建进展\n部署下阶段任务")
            browser.click("input[name='invite.县卫体局']")
            browser.click("input[name='invite.县财政局']")
            browser.click("form[action$='/meetings'] button[type=submit]")
            w.expect("已保存会议通知", "下载会议通知", "县卫体局、县财政局")
            open_form("input[name='attend.县卫体局']")
            browser.type("input[name='attend.县卫体局']", "张三、李四")
            browser.click("form[action$='/attendance'] button[type=submit]")
            w.expect("已登记出席情况", "张三、李四", "缺席")
            open_form("textarea[name=minutes]")
            browser.type("textarea[name=minutes]", "会议听取了创建进展汇报，研究部署了下阶段工作。")
            browser.type("input[name='d0.text']", "年底前完成健康步道建设")
            browser.type("input[name='d0.units']", "县卫体局")
            browser.click("form[action$='/minutes'] button[type=submit]")
            w.expect("已保存会议纪要", "下载会议纪要", "年底前完成健康步道建设")
            browser.click("form[action*='/decisions/'] button[type=submit]")
            w.expect("已转为方案任务", "查看任务进展")
            browser.size(390, 844)
            wide = browser.script("return document.documentElement.scrollWidth")
            browser.size(1280, 1000)
            if wide > 400:
                raise AssertionError(f"meeting page is {wide}px wide on a 390px phone")
            w.shot("meeting")
            browser.click("td a[href*='/tasks']")
            w.expect("任务进展")
            browser.go(base + "/plans/pianguan-2023/units/县卫体局")
            w.expect("任务分解表", "年底前完成健康步道建设")
        w.step("创建办发会议通知、登记出席、形成纪要，议定事项转为方案任务", office_meeting)

        def office_training():
            browser.go(base + "/plans/pianguan-2023/trainings")
            w.expect("培训", "各单位参训情况", "县财政局")
            open_form("form[action$='/trainings'] input[name=title]")
            browser.type("input[name=title]", "健康素养全员培训")
            browser.type("input[name=audience]", "卫生健康系统全体职工")
            browser.script("document.querySelector(\"select[name=organiser]\").value = '县卫体局'")
            browser.type("input[name=place]", "县医院报告厅")
            browser.type("input[name=hours]", "2.5")
            browser.type("input[name='count.县卫体局']", "40")
            material = os.path.join(work, "课件.pdf")
            with open(material, "wb") as f:
                f.write(b"%PDF-1.4\n% slides\n")
            browser.send_file("input[name=materials]", material)
            browser.click("form[action$='/trainings'] button[type=submit]")
            w.expect("已登记培训", "健康素养全员培训", "课件.pdf")
            w.shot("trainings")
        w.step("创建办登记培训（各单位参训人数和课件）", office_training)

        print("区划与健康促进网络（创建办）")

        def regions_import():
            places = os.path.join(work, "新增区划.csv")
            with open(places, "w", encoding="utf-8") as f:
                f.write("代码,名称,级别,上级\n140932102,老营镇,镇,偏关县\n140932102201,老营村,村,老营镇\n")
            browser.go(base + "/plans/pianguan-2023/places")
            w.expect("区划管理", "新关镇", "导入区划文件")
            browser.send_file("#import input[type=file]", places)
            browser.click("#import button[type=submit]")
            w.expect("将新增 2 个、更新 0 个区划", "老营村", "确认导入")
            browser.click("form[action$='/place-import/confirm'] button[type=submit]")
            w.expect("已导入", "老营镇", "已成为方案的乡镇单位")
            w.shot("regions")
        w.step("创建办在浏览器中导入区划（先预览再导入）", regions_import)

        def network_staff():
            browser.go(base + "/plans/pianguan-2023/network")
            w.expect("健康促进网络", "专兼职健康促进人员", "健康专家委员会")
            browser.script("document.querySelector('#add-staff').closest('details').open = true")
            browser.script("document.querySelector(\"#add-staff select[name=place]\").value = 'unit:县卫体局'")
            browser.type("#add-staff input[name=name]", "王小明")
            browser.type("#add-staff input[name=post]", "健康教育专干")
            browser.type("#add-staff input[name=phone]", "0350-7650000")
            browser.click("#add-staff button[type=submit]")
            w.expect("已登记县卫体局的专职人员「王小明」", "王小明", "健康教育专干")
            browser.size(390, 844)
            wide = browser.script("return document.documentElement.scrollWidth")
            browser.size(1280, 1000)
            if wide > 400:
                raise AssertionError(f"network page is {wide}px wide on a 390px phone")
            w.shot("network")
        w.step("创建办登记专兼职健康促进人员", network_staff)

        print("调整方案（创建办）")

        def edit_task():
            browser.go(base + "/plans/pianguan-2023")
            browser.click("a[href$='/edit']")
            # The regions imported above made every township a unit of the programme.
            w.expect("调整方案", "实施期与月报", "乡镇（街道）", "老营镇", "指标")
            browser.click("#tasks a[href$='/edit/tasks/12']")
            w.expect("编辑任务", "期限", "子任务")
            browser.script("document.querySelector('select[name=deadlineKind]').value = 'date';"
                           "document.querySelector('input[name=deadlineDate]').value = '2023-10-31';"
                           "document.querySelector('input[name=\"new.deadline\"]').value = '2023-09-30'")
            browser.type("input[name='new.title']", "新关镇健康家庭建设")
            browser.type("input[name='new.responsible']", "新关镇")
            browser.type("input[name=why]", "细化分解到乡镇")
            browser.size(390, 844)
            wide = browser.script("return document.documentElement.scrollWidth")
            browser.size(1280, 1000)
            if wide > 400:
                raise AssertionError(f"task editor is {wide}px wide on a 390px phone")
            browser.click("form[action*='/edit/tasks/'] button[type=submit]")
            w.expect("已保存为第", "细化分解到乡镇", "2023年10月31日")
            browser.go(base + "/plans/pianguan-2023/tasks?unit=新关镇")
            w.expect("新关镇的任务", "新关镇健康家庭建设", "2023年9月30日")
            browser.go(base + "/plans/pianguan-2023/history")
            w.expect("方案历史版本", "细化分解到乡镇", "查看改动")
            browser.click("a[href*='history?from=']")
            w.expect("新关镇健康家庭建设")
            w.shot("plan-history")
        w.step("创建办编辑任务、设定期限并为乡镇分解子任务，历史版本可比较", edit_task)

        def sign_out():
            browser.click(".who button[type=submit]")
            w.expect("登录")
            browser.go(base + "/admin/users")
            w.expect("用户名", "密码")
        w.step("退出后不能再进入", sign_out)

        print(f"\n{w.steps - len(w.failures)}/{w.steps} steps passed; screenshots in {artifacts}")
        return 1 if w.failures else 0
    finally:
        if browser:
            browser.quit()
        driver.terminate()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


DEMO_PASSWORD = "Demo-walk-2026"


def demo_walk(binary, artifacts):
    """H2, issue 18: a first start on an empty database loads the demo programme beside the seeds; every demo role
    signs in at 1366 px and at 390 px, its home is saved as a screenshot at both widths, and the home lists the same
    work as GET /api/v1/me/todo for the same session (each item an element [data-work-kind] with data-count)."""
    work = tempfile.mkdtemp(prefix="healthcity-demo-walk-")
    db = os.path.join(work, "demo.sqlite")
    env = dict(os.environ, HEALTHCITY_BCRYPT_COST="4", HEALTHCITY_DEMO_PASSWORD=DEMO_PASSWORD)
    env.pop("DATABASE_URL", None)
    port, driver_port = free_port(), free_port()
    log = os.path.join(artifacts, "demo-server.log")
    server = subprocess.Popen([binary, "serve", "--database", db, "--port", str(port)], env=env,
                              stdout=open(log, "w"), stderr=subprocess.STDOUT)
    driver = subprocess.Popen([shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = None

    def cli_json(*args):
        out = subprocess.run([binary, *args, "--database", db], text=True, env=env, check=True, capture_output=True).stdout
        return json.loads(out)

    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        wait_for(f"http://127.0.0.1:{driver_port}/status")
        browser = Browser(f"http://127.0.0.1:{driver_port}")
        w = Walk(browser, base, artifacts)
        print("演示方案（首次启动）")
        accounts = []
        manifest = {}

        def loaded_on_first_start():
            started = open(log).read()
            if "已载入演示方案" not in started or "HEALTHCITY_DEMO_PASSWORD" not in started:
                raise AssertionError(f"the server did not say it loaded the demo: {started[-400:]!r}")
            accounts.extend(cli_json("user", "list", "--plan", "demo-qingshan", "--json")["accounts"])
            manifest.update(cli_json("demo", "show", "--json"))
            roles = {a["role"] for a in accounts}
            if roles != {"office", "leader", "assessor", "liaison", "township", "province"}:
                raise AssertionError(f"demo roles: {sorted(roles)}")
        w.step("空数据库首次启动载入演示方案，每个角色都有账号", loaded_on_first_start)

        def no_demo():
            plain_db, plain_port = os.path.join(work, "plain.sqlite"), free_port()
            plain = subprocess.Popen([binary, "serve", "--database", plain_db, "--port", str(plain_port), "--no-demo"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for(f"http://127.0.0.1:{plain_port}/healthz")
            finally:
                plain.terminate()
                plain.wait(timeout=10)
            ids = [p["id"] for p in json.loads(subprocess.run([binary, "plan", "list", "--json", "--database", plain_db], text=True,
                                                               env=env, check=True, capture_output=True).stdout)]
            if "demo-qingshan" in ids or len(ids) != 5:
                raise AssertionError(f"serve --no-demo loaded {ids}")
        w.step("serve --no-demo 只导入五个示例方案，不载入演示方案", no_demo)

        todo_missing = []

        def todo():
            # The same session as the page: a synchronous request from the page itself.
            status, body = browser.script(
                "var x = new XMLHttpRequest(); x.open('GET', '/api/v1/me/todo', false);"
                "x.setRequestHeader('Accept', 'application/json'); x.send(); return [x.status, x.responseText];")
            if status == 404:
                return None
            if status != 200:
                raise AssertionError(f"GET /api/v1/me/todo answered {status}: {body[:200]!r}")
            return json.loads(body)["items"]

        def home_of(account):
            name = account["username"]
            expected = manifest.get("pending", {}).get(name, {})

            def check():
                for width in (1366, 390):
                    browser.size(width, 900)
                    w.sign_in(name, DEMO_PASSWORD)
                    w.wait_for_url("/", seconds=5)
                    browser.go(base + "/")
                    w.expect(absent=["用户名或密码不正确"])
                    if "/login" in browser.url():
                        raise AssertionError(f"{name} is not signed in")
                    w.shot(f"{name}-home-{width}")
                    wide = browser.script("return document.documentElement.scrollWidth")
                    if wide > width + 10:
                        raise AssertionError(f"{name}'s home is {wide}px wide at {width}px")
                    items = todo()
                    if items is None:
                        todo_missing.append(name)
                        continue
                    listed = sorted((e[0], e[1]) for e in browser.script(
                        "return Array.from(document.querySelectorAll('[data-work-kind]'))"
                        ".map(e => [e.getAttribute('data-work-kind'), parseInt(e.getAttribute('data-count') || '0', 10)])"))
                    wanted = sorted((i["kind"], i["count"]) for i in items)
                    if listed != wanted:
                        raise AssertionError(f"{name} at {width}px: the home lists {listed}, /api/v1/me/todo says {wanted}")
                    missing = [kind for kind in expected if kind not in {k for k, _ in listed}]
                    if missing:
                        raise AssertionError(f"{name}'s home leaves out work the demo holds: {missing} (demo: {expected})")
                    # Kinds counted one record each by both: the home's number must be the demo's.
                    shown = dict(listed)
                    for kind in ("figuresToReview", "figuresReturned", "scoringsToConfirm", "problemsToRecheck", "reportReturned"):
                        if kind in expected and shown.get(kind) != expected[kind]:
                            raise AssertionError(f"{name}: the home counts {shown.get(kind)} for {kind}, the demo holds {expected[kind]}")
                browser.size(1280, 1000)
            return check

        for account in accounts:
            w.step(f"演示账号 {account['username']}（{account['roleName']}）在 1366 与 390 像素下的首页", home_of(account))
        if todo_missing:
            print(f"  · 跳过首页与待办接口的比对：GET /api/v1/me/todo 尚未提供（404）— {', '.join(sorted(set(todo_missing)))}")
        print(f"\n演示方案：{w.steps - len(w.failures)}/{w.steps} steps passed; screenshots in {artifacts}")
        return 1 if w.failures else 0
    finally:
        if browser:
            browser.quit()
        driver.terminate()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/healthcity")
    parser.add_argument("--artifacts", default=".build/browser-walk")
    args = parser.parse_args()
    walked = run(os.path.abspath(args.binary), os.path.abspath(args.artifacts))
    sys.exit(max(walked, demo_walk(os.path.abspath(args.binary), os.path.abspath(args.artifacts))))
