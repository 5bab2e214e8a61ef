#!/usr/bin/env python3
"""Writes a long synthetic implementation plan (~200 A4 pages) built from the shapes real plans use:
a notice header, goals with cell-target lists, dated phases, many numbered task sections with
responsibility clauses in several phrasings, a leading-group roster and annexes.

    python3 bench/synthetic_plan.py PAGES OUT.txt
"""
import random
import sys

pages = int(sys.argv[1]) if len(sys.argv) > 1 else 200
out = sys.argv[2] if len(sys.argv) > 2 else "synthetic-plan.txt"
rng = random.Random(2026)
cn = "一二三四五六七八九十"

def chinese(n):
    if n <= 10:
        return cn[n - 1]
    if n < 20:
        return "十" + cn[n - 11]
    tens, ones = divmod(n, 10)
    return cn[tens - 1] + "十" + (cn[ones - 1] if ones else "")

units = ["县卫健局", "县教育局", "县财政局", "县住建局", "县城管局", "县民政局", "县人社局", "县市场监管局",
         "县公安局", "县文旅局", "县融媒体中心", "县疾控中心", "县总工会", "县妇联", "县残联", "县农业农村局"]
sentence = ("围绕健康县建设目标，细化工作措施，明确时间节点，加强部门协作，定期调度工作进展，"
            "组织开展督导检查，及时发现和解决工作中存在的问题，确保各项任务按期完成并取得实效。")
lines = [
    "青山县人民政府办公室", "青政办发〔2025〕12号", "",
    "关于印发《青山县创建健康县工作实施方案》的通知", "",
    "青山县人民政府办公室", "2025年3月1日", "",
    "青山县创建健康县工作实施方案", "",
    "一、工作目标",
    "健康社区、健康家庭、健康促进医院、健康促进学校、健康促进机关、健康促进企业的比例分别不低于20%、20%、50%、50%、50%、20%。",
    "居民健康素养水平每年提高不低于1.5个百分点，成人吸烟率较建设之初降低20%。",
    "二、实施步骤",
    "第一阶段：启动部署（2025年3月）", "制定方案，召开动员会。",
    "第二阶段：全面实施（2025年4月—2025年10月）", "全面推进各项任务。",
    "第三阶段：评估验收（2025年11月1日—2025年12月15日）", "迎接省级评估验收。",
    "三、主要任务",
]
part = 3
chars = sum(len(l) for l in lines)
target = pages * 1000  # about 1000 characters on an A4 page of a government document
section = 0
while chars < target:
    section += 1
    if section % 10 == 1 and section > 1:
        part += 1
        lines.append(f"{chinese(part)}、重点任务（第{part - 2}批）")
    lines.append(f"（{chinese((section - 1) % 10 + 1)}）第{section}项重点工作")
    for item in range(1, 9):
        picked = rng.sample(units, 3)
        style = item % 3
        if style == 0:
            clause = f"（责任单位：{'、'.join(picked)}）"
        elif style == 1:
            clause = f"（牵头单位：{picked[0]}；配合单位：{picked[1]}、{picked[2]}）"
        else:
            clause = f"（{picked[0]}牵头，{picked[1]}、{picked[2]}配合）"
        text = f"{item}.推进第{section}.{item}项工作。" + sentence * 2 + clause
        lines.append(text)
        chars += len(text)
lines += [
    f"{chinese(part + 1)}、组织领导",
    "成立青山县创建健康县工作领导小组，组成人员名单如下：",
    "组  长：王建国    县委副书记、县长",
    "副组长：李明      县委常委、常务副县长",
    "成  员：" + "、".join(units) + "。",
    "领导小组下设办公室，设在县卫健局，由县卫健局局长兼任办公室主任。",
    "附件：1.青山县健康县评分表",
    "2.青山县健康家庭评选办法",
]
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
print(f"{out}: {len(lines)} lines, {chars} characters, {section} sections, {section * 8} tasks")
