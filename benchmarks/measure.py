"""Run one command and print its wall time and peak memory (of it and its children) as JSON.

Each measurement runs in its own process so peak memory belongs to that command alone.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    command = sys.argv[1:]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(completed.returncode)
    print(json.dumps({"seconds": wall, "peak_mib": peak_kib / 1024}))


if __name__ == "__main__":
    main()
