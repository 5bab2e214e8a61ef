#!/usr/bin/env bash
# Import benchmark: `healthcity import-doc` on each seed document and on a synthetic 200-page plan,
# release build. Measured in the same run as its peers: the process doing nothing but start and
# print its help (the floor every command pays), and `wc -m` reading the same file (the cost of
# just reading the text). Peak memory from /usr/bin/time.
#
#   bench/import.sh [pages]      (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-200}
swift build -c release --product healthcity >/dev/null
BIN=.build/release/healthcity
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 bench/synthetic_plan.py "$PAGES" "$WORK/synthetic-$PAGES-pages.txt"
BIG="$WORK/synthetic-$PAGES-pages.txt"
# The same long plan as a .docx, built from its lines.
python3 - "$BIG" "$WORK/synthetic.docx" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(l)}</w:t></w:r></w:p>' for l in lines)
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
       'wordprocessingml/2006/main"><w:body>' + body + '</w:body></w:document>')
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("word/document.xml", doc)
PY

echo "== tasks found =="
for f in ../shared/seeds/*.txt "$BIG" "$WORK/synthetic.docx"; do
    printf '%s: ' "$(basename "$f")"
    $BIN import-doc "$f" | grep -o '^任务：[0-9]* 项'
done

echo "== time (hyperfine, warm cache) =="
ARGS=(-n "startup floor (--help)" "$BIN --help" -n "read only (wc -m, $PAGES pages)" "wc -m $BIG")
for f in ../shared/seeds/*.txt; do ARGS+=(-n "import-doc $(basename "$f")" "$BIN import-doc --json $f"); done
ARGS+=(-n "import-doc synthetic $PAGES pages (.txt)" "$BIN import-doc --json $BIG")
ARGS+=(-n "import-doc synthetic $PAGES pages (.docx)" "$BIN import-doc --json $WORK/synthetic.docx")
hyperfine -N --warmup 3 --runs 20 --style basic "${ARGS[@]}"

echo "== peak memory (max RSS) =="
for f in ../shared/seeds/001_08065c791b191b91.txt "$BIG" "$WORK/synthetic.docx"; do
    /usr/bin/time -f "$(basename "$f"): %M KB" $BIN import-doc --json "$f" >/dev/null
done
/usr/bin/time -f "startup floor (--help): %M KB" $BIN --help >/dev/null
