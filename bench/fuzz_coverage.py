#!/usr/bin/env python3
"""Sums line and branch coverage of the files matching a pattern in a Jazzer coverage report.

Usage: fuzz_coverage.py REPORT REGEX. Prints "lines branches", each as covered/total (percent), or "? ?"
when the report has no matching file. The report (jazzer.coverage_report) has sections headed
"Branch coverage:" and "Line coverage:" with one "path/File.java: covered/total" line per source file.
"""
import re
import sys

report, pattern = sys.argv[1], re.compile(sys.argv[2])
sums = {"Branch coverage:": [0, 0], "Line coverage:": [0, 0]}
section = None
with open(report, encoding="utf-8", errors="replace") as f:
    for line in f:
        line = line.rstrip("\n")
        if line in sums or line.endswith("lines:"):
            section = line if line in sums else None
            continue
        m = re.match(r"\s*(\S+?):\s*(\d+)\s*/\s*(\d+)", line)
        if section and m and pattern.search(m.group(1)):
            sums[section][0] += int(m.group(2))
            sums[section][1] += int(m.group(3))


def show(covered, total):
    return "?" if total == 0 else f"{covered}/{total}({100 * covered // total}%)"


print(show(*sums["Line coverage:"]), show(*sums["Branch coverage:"]))
