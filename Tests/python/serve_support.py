"""Runs `jixiao serve` on a free loopback port for the HTTP tests, and talks to it with urllib."""
import json
import os
import pathlib
import queue
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from conftest import JIXIAO_BINARY

ROOT = pathlib.Path(__file__).resolve().parents[2]


class Server:
    """A `jixiao serve --port 0` process; `url` is where it listens once started."""

    def __init__(self, *arguments, tmpdir=None):
        binary = JIXIAO_BINARY
        assert binary.exists(), f"{binary} is missing: run `swift build` first"
        env = dict(os.environ)
        if tmpdir is not None:
            env["TMPDIR"] = str(tmpdir)
        self.process = subprocess.Popen([str(binary), "serve", "--port", "0", *map(str, arguments)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        self.log = []
        self.url = self._wait_for_address()

    def _wait_for_address(self):
        # Standard error is drained by a thread all along (a log line per request must never fill
        # the pipe); its first line of our own says where the server listens.
        lines = queue.Queue()

        def drain():
            for raw in self.process.stderr:
                lines.put(raw.decode("utf-8", "replace"))
            lines.put(None)

        threading.Thread(target=drain, daemon=True).start()
        self._lines = lines
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            self.log.append(line)
            if line.startswith("jixiao serve: listening on "):
                return line.split("listening on ", 1)[1].strip().rstrip("/")
        self.process.kill()
        raise AssertionError("jixiao serve did not start: " + "".join(self.log))

    def lines_so_far(self):
        """The log lines written since the last call."""
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return self.log
            if line is not None:
                self.log.append(line)

    def request(self, method, path, body=None, headers=None, query=None):
        """(status, headers, body bytes); error statuses are answers too."""
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get_json(self, path, **query):
        status, headers, body = self.request("GET", path, query=query or None)
        assert headers.get_content_type() == "application/json", (status, body[:200])
        return status, json.loads(body)

    def stop(self):
        """SIGTERM, as a service manager stops it: it finishes and exits 0."""
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("jixiao serve did not stop on SIGTERM")
        time.sleep(0.2)
        self.lines_so_far()
        return code


def error_of(body):
    """The JSON error body every failure has: {"error": {"id", "message", "position"}}."""
    error = json.loads(body)["error"]
    assert set(error) == {"id", "message", "position"}, error
    return error


def writable_registry(folder, token):
    """A copy of the shipped registry in `folder` and a token file beside it: the arguments of a
    server that takes registry writes."""
    for name in ("Schemas", "Mappings"):
        shutil.copytree(ROOT / name, folder / name)
    token_file = folder / "token"
    token_file.write_text(token + "\n")
    return ["--registry", folder, "--token-file", token_file]
