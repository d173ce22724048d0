"""The floor: read every Markdown file below DIR and count task-like lines with one regular expression.

No parsing, no output formatting: the least any tool that looks at every note must do.
"""

import os
import re
import sys

TASK_LIKE = re.compile(rb"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\]", re.MULTILINE)


def main() -> None:
    total = 0
    for folder, subfolders, files in os.walk(sys.argv[1]):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in files:
            if name.lower().endswith((".md", ".markdown")):
                with open(os.path.join(folder, name), "rb") as handle:
                    total += len(TASK_LIKE.findall(handle.read()))
    print(total)


if __name__ == "__main__":
    main()
