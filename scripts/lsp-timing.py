#!/usr/bin/env python3
"""Time `postlint server` the way an editor sees it: JSON-RPC over stdio.

    scripts/lsp-timing.py POSTLINT SITE_ROOT POST [--edits N]

Starts `POSTLINT server` in SITE_ROOT, opens POST (a path under it), waits for its
publishDiagnostics (the first check, which reads and indexes the site), then N times
changes the buffer (a word added at the end; every third edit renames a heading, every
fifth adds a capitalised word) and times each round trip from didChange to the
publishDiagnostics of that version. The server waits 150 ms after a change before
checking (its debounce, so that typing does not check every key): that delay is
subtracted and reported apart. Prints the first check and the median, 90th percentile
and maximum of the checks after it.
"""
import json
import os
import subprocess
import sys
import time

DEBOUNCE = 0.150


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(out):
    length = 0
    while True:
        line = out.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(out.read(length))


def main():
    args = sys.argv[1:]
    edits = 20
    if "--edits" in args:
        i = args.index("--edits")
        edits = int(args[i + 1])
        del args[i : i + 2]
    postlint, root, post = args
    root = os.path.abspath(root)
    post = os.path.abspath(os.path.join(root, post))
    uri = "file://" + post
    text = open(post, encoding="utf-8").read()
    proc = subprocess.Popen(
        [postlint, "server"],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )

    def send(msg):
        proc.stdin.write(frame(msg))
        proc.stdin.flush()

    def wait_for(version):
        while True:
            m = read_message(proc.stdout)
            if m is None:
                raise SystemExit("the server went away")
            if (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version") == version
            ):
                return m["params"]["diagnostics"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
    while read_message(proc.stdout).get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    diags = wait_for(1)
    first = time.perf_counter() - start
    times = []
    for k in range(edits):
        version = k + 2
        if k % 3 == 2:
            text = text.replace("\n## ", "\n## Renamed ", 1)
        extra = " Zephyrine" if k % 5 == 4 else " word"
        text = text.rstrip("\n") + extra + "\n"
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": version},
                         "contentChanges": [{"text": text}]}})
        diags = wait_for(version)
        times.append(time.perf_counter() - start - DEBOUNCE)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    proc.wait(timeout=30)
    times.sort()
    ms = lambda s: f"{s * 1e3:.1f} ms"
    print(f"first check (reads and indexes the site): {ms(first)}; {len(diags)} findings at the end")
    print(
        f"after a change, {len(times)} edits, debounce ({DEBOUNCE * 1e3:.0f} ms) subtracted: "
        f"median {ms(times[len(times) // 2])}, 90th percentile {ms(times[int(len(times) * 0.9)])}, "
        f"max {ms(times[-1])} (target <= 20 ms)"
    )


if __name__ == "__main__":
    main()
