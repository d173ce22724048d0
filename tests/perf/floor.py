"""Floors: the least any tool must do, measured in the same run as `notes`.

    python tests/perf/floor.py DIR                  # read every note, count task-like lines with one regex
    python tests/perf/floor.py DIR --cache FILE     # walk + stat every note + load a `notes` cache file

The first is the least a tool that looks at every note must do (no parsing, no output formatting). The
second is the least a warm `notes progress` run must do: walk the folders, stat each note, read what the
command needs of the cache (every row's head, the parses of week notes, as `cache.WEEKS_ONLY` selects them),
check each row's CRC-32s, unmarshal the heads and the parses, and compare each note's key with its row's.
"""

import marshal
import os
import re
import sqlite3
import sys
import zlib

TASK_LIKE = re.compile(rb"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\]", re.MULTILINE)
WEEKS_ONLY = "SELECT path, head, head_crc, CASE kind WHEN 2 THEN NULL ELSE body END, body_crc FROM notes"


def notes(root: str):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in files:
            if name.lower().endswith((".md", ".markdown")):
                yield os.path.join(folder, name)


def main() -> None:
    root = sys.argv[1]
    if sys.argv[2:3] == ["--cache"]:
        database = sqlite3.connect(sys.argv[3])
        entries = {}
        for raw, head, head_crc, body, body_crc in database.execute(WEEKS_ONLY):
            assert zlib.crc32(head, zlib.crc32(raw)) == head_crc
            assert body is None or zlib.crc32(body) == body_crc
            size, mtime, ctime, inode, _, _, _ = marshal.loads(head)
            parse = marshal.loads(body) if body is not None else None
            entries[raw.decode("utf-8", "surrogateescape")] = ((size, mtime, ctime, inode), parse)
        database.close()
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
