"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) { event.preventDefault(); window.print(); }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); return; }
  // One submission per click: a double click must not create two of anything.
  var buttons = form.querySelectorAll("button[type=submit]");
  window.setTimeout(function () { buttons.forEach(function (b) { b.disabled = true; }); }, 0);
});
// Import drafts: a link to the lines an item came from highlights the whole range.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-to]");
  if (!link) return;
  var first = parseInt(link.getAttribute("href").slice(2), 10), last = parseInt(link.getAttribute("data-to"), 10);
  document.querySelectorAll(".source-lines .hl").forEach(function (line) { line.classList.remove("hl"); });
  for (var n = first; n <= last && n - first < 500; n++) {
    var line = document.getElementById("L" + n);
    if (line) line.classList.add("hl");
  }
});
// Uploads: a file over the limit is refused before it is sent, naming the file.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
  var file = input.files && input.files[0], max = parseInt(input.getAttribute("data-max-bytes"), 10);
  var message = file && file.size > max
    ? "「" + file.name + "」过大（" + (file.size / 1048576).toFixed(1) + " MB），上限为 " + Math.round(max / 1048576) + " MB" : "";
  input.setCustomValidity(message);
  var out = document.getElementById(input.getAttribute("data-message"));
  if (out) out.textContent = message;
});
// Batch scoring: "全部满分" fills a card's empty point boxes with each item's full points and its veto items with 达标.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-fill-row]");
  if (!button) return;
  var row = button.closest("[data-place-card]") || button.closest("tr");
  row.querySelectorAll("input[data-full]").forEach(function (input) { if (!input.value) input.value = input.getAttribute("data-full"); });
  row.querySelectorAll("select").forEach(function (select) { if (!select.value) select.value = "yes"; });
  batchTotal(row);
});
// Batch scoring: each card's running total and how many of its items are filled; a card filled only in part is
// named before the form is sent (the server refuses it too), so nobody saves half a household by accident.
function batchTotal(card) {
  var total = 0, filled = 0, boxes = card.querySelectorAll("input[type=number], select");
  boxes.forEach(function (box) {
    if (box.value === "") return;
    filled++;
    var n = parseFloat(box.value);
    if (box.tagName === "SELECT" || isNaN(n)) return;
    if (box.hasAttribute("data-per")) n = Math.min(n * parseFloat(box.getAttribute("data-per")), parseFloat(box.getAttribute("data-max")));
    total += n;
  });
  var out = card.querySelector("[data-total]"), count = card.querySelector("[data-filled]");
  if (out) out.textContent = filled ? String(Math.round(total * 10) / 10) : "—";
  if (count) count.textContent = String(filled);
  card.classList.toggle("half-filled", filled > 0 && filled < boxes.length);
  var half = card.querySelector(".batch-half");
  if (half && filled === boxes.length) { half.hidden = true; half.textContent = ""; }
  return { filled: filled, boxes: boxes.length };
}
document.addEventListener("input", function (event) {
  var card = event.target.closest && event.target.closest("[data-place-card]");
  if (card) batchTotal(card);
});
document.addEventListener("change", function (event) {
  var card = event.target.closest && event.target.closest("[data-place-card]");
  if (card) batchTotal(card);
});
document.querySelectorAll("[data-place-card]").forEach(batchTotal);
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-batch]")) return;
  var half = [];
  form.querySelectorAll("[data-place-card]").forEach(function (card) {
    var state = batchTotal(card), note = card.querySelector(".batch-half");
    if (state.filled > 0 && state.filled < state.boxes) {
      half.push(card);
      if (note) { note.hidden = false; note.textContent = "只填了 " + state.filled + " / " + state.boxes + " 项：请填完（没得分的填 0），或清空整张卡片不评。"; }
    }
  });
  var warning = document.getElementById("batch-warning");
  if (half.length === 0) { if (warning) warning.hidden = true; return; }
  event.preventDefault();
  event.stopImmediatePropagation();
  if (warning) {
    warning.hidden = false;
    warning.textContent = "未提交：" + half.map(function (c) { return "「" + c.getAttribute("data-place-card") + "」"; }).join("、")
      + " 只填了一部分。一份评分要各项都填；填完或清空后再保存。";
  }
  half[0].scrollIntoView({ block: "start" });
}, true);
// Indicator entry: each section is its own form, so what was typed in another section would be lost when this one is
// sent. Say which sections those are and let the person go back to save them first.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-entry-section]")) return;
  var others = [];
  document.querySelectorAll("form[data-entry-section]").forEach(function (other) {
    if (other === form) return;
    var changed = Array.prototype.some.call(other.querySelectorAll("input[type=text], input[type=file]"), function (input) {
      return input.type === "file" ? input.files && input.files.length > 0 : input.value !== input.defaultValue;
    });
    if (changed) others.push("「" + other.getAttribute("data-entry-section") + "」");
  });
  if (others.length && !window.confirm(others.join("、") + " 中填写的内容尚未保存，只提交本部分会丢失它们。仍然只提交本部分吗？")) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// Register imports: the job page polls its progress until the import ends, then shows the outcome.
(function () {
  var box = document.getElementById("import-job");
  if (!box || box.getAttribute("data-state") !== "running") return;
  var url = box.getAttribute("data-progress"), bar = box.querySelector("progress"), status = document.getElementById("import-status");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = Math.round((job.fraction || 0) * 100);
        if (job.state === "running") {
          status.textContent = "正在导入……已读 " + job.rows + " 行（" + bar.value + "%）";
          window.setTimeout(poll, 1000);
        } else { window.location.reload(); }
      }).catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
// Survey interviews: each one is written to this device's storage before it is sent and removed only when
// the server has it, so a lost connection (or a closed tab) loses nothing; unsent ones go when the network returns.
(function () {
  var form = document.querySelector("form[data-offline]");
  if (!form || !window.localStorage || !window.fetch) return;
  var storeKey = form.getAttribute("data-offline"), box = document.getElementById("survey-queue");
  function load() { try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; } }
  function save(queue) { localStorage.setItem(storeKey, JSON.stringify(queue)); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function csrf() { var f = form.querySelector("input[name=csrf]"); return f ? f.value : ""; }
  function send(item) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("csrf", csrf());
    return fetch(form.action, { method: "POST", credentials: "same-origin", body: body,
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf() } })
      .then(function (r) {
        var type = r.headers.get("Content-Type") || "";
        if (type.indexOf("json") < 0) return { state: "offline" };
        return r.json().then(function (j) { return j.saved ? { state: "saved" } : { state: "invalid", problems: j.problems || [j.reason] }; });
      }).catch(function () { return { state: "offline" }; });
  }
  // The last message stays while the queue box is redrawn; `show()` without arguments only redraws.
  var shown = { message: "", kind: "warn" };
  function show(message, kind) {
    if (message !== undefined) shown = { message: message, kind: kind || "warn" };
    message = shown.message; kind = shown.kind;
    var queue = load();
    box.hidden = !message && queue.length === 0;
    box.className = "notice " + (kind || "warn");
    box.textContent = "";
    if (message) { var p = document.createElement("p"); p.textContent = message; box.appendChild(p); }
    if (queue.length === 0) return;
    var head = document.createElement("p");
    head.textContent = "本机有 " + queue.length + " 份答卷尚未上传到服务器（联网后自动上传，不会丢失）：";
    box.appendChild(head);
    var list = document.createElement("ul");
    queue.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = "问卷 " + item.respondent + (item.problems ? "：需修改（" + item.problems.join("；") + "）" : "：待上传");
      if (item.problems) {
        var edit = document.createElement("button");
        edit.type = "button"; edit.className = "small secondary"; edit.textContent = "载入表单修改";
        edit.addEventListener("click", function () { restore(item); });
        li.appendChild(document.createTextNode(" ")); li.appendChild(edit);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  function restore(item) {
    save(load().filter(function (q) { return q.key !== item.key; }));
    form.reset();
    item.fields.forEach(function (pair) {
      form.querySelectorAll('[name="' + CSS.escape(pair[0]) + '"]').forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") input.checked = input.value === pair[1];
        else input.value = pair[1];
      });
    });
    show("已把问卷 " + item.respondent + " 载入表单，修改后重新保存。", "warn");
    window.scrollTo(0, form.offsetTop);
  }
  var flushing = false;
  function flush() {
    if (flushing) return;
    var pending = load().filter(function (item) { return !item.problems; });
    if (pending.length === 0) { show(); return; }
    flushing = true;
    var item = pending[0];
    send(item).then(function (result) {
      flushing = false;
      var queue = load();
      if (result.state === "saved") { save(queue.filter(function (q) { return q.key !== item.key; })); show("", "warn"); flush(); }
      else if (result.state === "invalid") {
        queue.forEach(function (q) { if (q.key === item.key) q.problems = result.problems; });
        save(queue); show(); flush();
      } else { show("网络不通或登录已过期：答卷保存在本机，联网（并重新登录）后自动上传。"); }
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    form.querySelector("input[name=submission]").value = newKey();
    var fields = [];
    new FormData(form).forEach(function (value, name) { if (typeof value === "string") fields.push([name, value]); });
    var item = { key: form.querySelector("input[name=submission]").value, at: new Date().toISOString(),
      respondent: (form.querySelector("input[name=respondent]") || {}).value || "", fields: fields };
    var queue = load(); queue.push(item); save(queue);
    var button = form.querySelector("button[type=submit]");
    send(item).then(function (result) {
      window.setTimeout(function () { button.disabled = false; }, 0);
      if (result.state === "invalid") {
        save(load().filter(function (q) { return q.key !== item.key; }));
        show("问卷 " + item.respondent + " 未保存，请更正：" + result.problems.join("；"), "error");
        window.scrollTo(0, 0);
        return;
      }
      if (result.state === "saved") save(load().filter(function (q) { return q.key !== item.key; }));
      var township = form.querySelector("[name=township]").value, village = form.querySelector("[name=village]").value;
      form.reset();
      form.querySelector("[name=township]").value = township; form.querySelector("[name=village]").value = village;
      show(result.state === "saved" ? "已保存问卷 " + item.respondent + "。可以填下一份。"
        : "网络不通：问卷 " + item.respondent + " 已保存在本机，联网后自动上传。", result.state === "saved" ? "ok" : "warn");
      window.scrollTo(0, 0);
      if (result.state === "saved") flush();
    });
  });
  window.addEventListener("online", flush);
  window.setInterval(flush, 30000);
  flush();
})();
