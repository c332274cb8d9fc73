#!/usr/bin/env python3
"""Language-server latency and memory: how long after a `didChange` on a 2,000-line Terraform
file the diagnostics for that version are published (p50 / p95 / max), and the server's RSS
before and after many edits (a leak shows as growth).

    benches/lsp.sh [EDITS]        builds the release binary, then runs this script
    python3 benches/lsp_latency.py BINARY [EDITS]
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import queue


def terraform(lines_wanted, cores):
    """About `lines_wanted` lines: VM resources, one with a USB dongle, `cores` in the first."""
    blocks = []
    index = 0
    while sum(block.count("\n") for block in blocks) < lines_wanted:
        usb = '\n  usb {\n    host = "0529:0001"\n  }\n' if index % 25 == 0 else "\n"
        blocks.append(
            f'resource "proxmox_virtual_environment_vm" "vm_{index}" {{\n'
            f'  name      = "app-{index:04d}"\n'
            f'  node_name = "pve-{index % 8:02d}"\n'
            f"  cpu {{\n    cores = {cores if index == 0 else 2}\n    type  = \"x86-64-v2-AES\"\n  }}\n"
            f"  memory {{\n    dedicated = 4096\n  }}\n"
            f'  network_device {{\n    bridge = "vmbr0"\n  }}\n'
            f'  disk {{\n    datastore_id = "local-zfs"\n    interface    = "scsi0"\n    size         = 32\n  }}'
            f"{usb}}}\n\n"
        )
        index += 1
    return "".join(blocks)


class Server:
    def __init__(self, binary, root):
        self.process = subprocess.Popen(
            [binary, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def wait(self, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if predicate(message):
                return message

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    binary = sys.argv[1]
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, "main.tf")
        text = terraform(2000, 2)
        with open(path, "w") as file:
            file.write(text)
        uri = "file://" + path
        server = Server(binary, root)
        server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
        server.wait(lambda m: m.get("id") == 1)
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": uri, "languageId": "terraform",
                                                 "version": 1, "text": text}}})
        published = lambda version: lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and m["params"].get("version") == version)
        first = server.wait(published(1))
        findings = len(first["params"]["diagnostics"])
        # Let the workspace scan finish and settle before measuring.
        time.sleep(1.0)
        while not server.messages.empty():
            server.messages.get()
        rss_before = server.rss_kib()
        latencies = []
        for edit in range(edits):
            version = edit + 2
            changed = terraform(2000, 2 + edit % 16)
            started = time.perf_counter()
            server.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                         "params": {"textDocument": {"uri": uri, "version": version},
                                    "contentChanges": [{"text": changed}]}})
            server.wait(published(version))
            latencies.append((time.perf_counter() - started) * 1000)
        rss_after = server.rss_kib()
        server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        server.wait(lambda m: m.get("id") == 2)
        server.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        server.process.wait(timeout=10)
    lines = text.count("\n")
    print(f"file: {lines} lines, {findings} findings; {edits} edits (full-text didChange)")
    print(f"didChange -> publishDiagnostics: p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms")
    print(f"server RSS: {rss_before / 1024:.1f} MiB after the first lint, "
          f"{rss_after / 1024:.1f} MiB after {edits} edits")


if __name__ == "__main__":
    main()
