"""Floors: the least any tool must do, measured in the same run as `notes`.

    python tests/perf/floor.py DIR                  # read every note, count task-like lines with one regex
    python tests/perf/floor.py DIR --cache FILE     # walk + stat every note + load a `notes` cache file

The first is the least a tool that looks at every note must do (no parsing, no output formatting). The
second is the least a warm `notes` run must do: walk the folders, stat each note, read and check the cache
file in one piece, and look each note's key up in it.
"""

import marshal
import os
import re
import sys
import zlib

TASK_LIKE = re.compile(rb"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\]", re.MULTILINE)
MAGIC_LENGTH = 8  # cache.MAGIC, then a CRC-32, then the marshalled content


def notes(root: str):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in files:
            if name.lower().endswith((".md", ".markdown")):
                yield os.path.join(folder, name)


def main() -> None:
    root = sys.argv[1]
    if sys.argv[2:3] == ["--cache"]:
        with open(sys.argv[3], "rb") as handle:
            data = handle.read()
        content = data[MAGIC_LENGTH + 4 :]
        assert zlib.crc32(content).to_bytes(4, "big") == data[MAGIC_LENGTH : MAGIC_LENGTH + 4]
        entries = marshal.loads(content)[1]
        hits = 0
        for path in notes(root):
            info = os.stat(path)
            entry = entries.get(os.path.relpath(path, root))
            hits += entry is not None and entry[0] == (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        print(hits)
        return
    total = 0
    for path in notes(root):
        with open(path, "rb") as handle:
            total += len(TASK_LIKE.findall(handle.read()))
    print(total)


if __name__ == "__main__":
    main()
