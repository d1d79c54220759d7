"""`newsdesk serve --processes 2`: one port answered by two processes (web/processes.py).

The server runs as the command runs it, on a free loopback port. Which process a connection
reaches is the kernel's choice (SO_REUSEPORT), so the tests look it up: the reader's
established sockets (from /proc) name the client ports that reached it. Through a connection
the reader holds, an add (forwarded to the primary, the one writer), its job, the stored
article, its story and a search all answer as from the primary; errors keep the one shape;
stopping the server ends every process. Linux only (SO_REUSEPORT, /proc).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from web_support import build_store

LINUX = pytest.mark.skipif(not Path("/proc/net/tcp").exists() or not hasattr(socket, "SO_REUSEPORT"),
                           reason="needs Linux (/proc, SO_REUSEPORT)")


def test_forwarded_answers_are_passed_back_whole():
    """What the primary answers a reader reaches the browser unchanged, less the hop-by-hop
    headers (the reader's own server frames it again), a chunked body joined."""
    from newsdesk.web.processes import _parse, forwarded

    plain = b"HTTP/1.1 303 See Other\r\nlocation: /jobs/ab\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok"
    assert _parse(plain) == (303, [(b"location", b"/jobs/ab")], b"ok")
    chunked = (b"HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ntransfer-encoding: chunked\r\n\r\n"
               b"5\r\nhello\r\n7;x=1\r\n, world\r\n0\r\n\r\n")
    assert _parse(chunked) == (200, [(b"content-type", b"text/csv")], b"hello, world")
    assert forwarded("POST", "/add") and forwarded("GET", "/api/jobs/x") and forwarded("GET", "/jobs/x")
    assert not forwarded("GET", "/api/stories") and not forwarded("HEAD", "/") and not forwarded("GET", "/jobsx")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            out.extend(int(x) for x in fh.read().split())
    return out


def _descendants(pid: int) -> list[int]:
    out, todo = [], _children(pid)
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            todo.extend(_children(p))
        except OSError:
            pass
    return out


def _name(pid: int) -> str:
    with open(f"/proc/{pid}/comm") as fh:
        return fh.read().strip()


def _peer_ports(pid: int, port: int) -> set[int]:
    """Client ports of the established connections to ``port`` that process ``pid`` holds."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    out = set()
    with open("/proc/net/tcp") as fh:
        for line in fh.readlines()[1:]:
            parts = line.split()
            local, remote, state, inode = parts[1], parts[2], parts[3], parts[9]
            if state == "01" and inode in inodes and int(local.split(":")[1], 16) == port:
                out.add(int(remote.split(":")[1], 16))
    return out


class Conn:
    def __init__(self, port: int):
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        self.http.connect()
        self.port = self.http.sock.getsockname()[1]

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        self.http.request(method, path, body=body, headers=headers or {})
        resp = self.http.getresponse()
        return resp.status, resp.read()

    def json(self, path: str):
        status, data = self.call("GET", path)
        return status, json.loads(data)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("web-processes"))
    runs = tmp_path_factory.mktemp("web-processes-run")  # where the server makes its run folder
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from newsdesk.cli import main; main()", "serve", "--db", str(db),
                             "--port", str(port), "--no-sample", "--processes", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(runs)})
    try:
        deadline = time.monotonic() + 180
        readers: list[int] = []
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read()
            readers = [p for p in _descendants(proc.pid) if _name(p) == "newsdesk-reader"]
            if readers and _listening(port) >= 2:
                break
            time.sleep(0.3)
        assert len(readers) == 1 and _listening(port) == 2, "the reader did not start"
        while Conn(port).call("GET", "/api/stories?limit=1")[0] != 200:  # the primary answers too
            time.sleep(0.3)
        yield proc, port, readers[0], runs
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(60)


def _listening(port: int) -> int:
    with open("/proc/net/tcp") as fh:
        return sum(1 for line in fh.readlines()[1:]
                   if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port)


def _connections(port: int, reader: int) -> tuple[Conn, Conn]:
    """An open connection the reader holds and one the primary holds."""
    conns = [Conn(port) for _ in range(40)]
    for c in conns:  # a request on each, so that each is accepted by now
        assert c.call("GET", "/api/csrf")[0] == 200
    held = _peer_ports(reader, port)
    mine = [c for c in conns if c.port in held]
    theirs = [c for c in conns if c.port not in held]
    assert mine and theirs, "the kernel gave every connection to one process"
    return mine[0], theirs[0]


@pytest.mark.slow
@LINUX
def test_a_reader_answers_reads_and_forwards_writes_to_the_one_writer(server):
    proc, port, reader, _ = server
    at_reader, at_primary = _connections(port, reader)
    csrf = at_primary.json("/api/csrf")[1]["csrf_token"]
    assert at_reader.json("/api/csrf")[1]["csrf_token"] == csrf  # one token for the server

    status, data = at_reader.call("POST", "/api/articles?wait=120", body=b"text=x", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    error = json.loads(data)["error"]
    assert status == 403 and set(error) == {"code", "message"} and error["code"] == "csrf"

    text = ("Dock workers in Quillmarsh refused to unload grain ships on Monday, the union said. "
            "The strike at the Quillmarsh terminal entered its second day as talks failed.")
    body = urllib.parse.urlencode({"text": text, "title": "Quillmarsh dock strike"}).encode()
    status, data = at_reader.call("POST", "/api/articles?wait=120", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf})
    job = json.loads(data)["job"]
    assert status == 200 and job["state"] == "done", job
    (aid,) = job["result"]["added"]
    at_reader, at_primary = _connections(port, reader)  # new ones: the server closes a connection idle 5 s
    for conn in (at_reader, at_primary):  # the job is found whichever process is asked
        status, found = conn.json(f"/api/jobs/{job['id']}")
        assert status == 200 and found["job"]["id"] == job["id"] and found["job"]["state"] == "done"
        assert conn.call("GET", f"/jobs/{job['id']}")[0] == 200
        assert conn.json("/api/jobs/nope")[0] == 404
    # what the job stored, read from the reader right after: its index caught up first
    status, article = at_reader.json(f"/api/articles/{aid}")
    assert status == 200 and article["story"], article
    status, story = at_reader.json(f"/api/stories/{article['story']}")
    assert status == 200 and aid in [a["id"] for a in story["articles"]]
    status, found = at_reader.json("/api/search?q=quillmarsh")
    assert status == 200 and [a["id"] for g in found["results"] for a in g["articles"]] == [aid]
    assert "Quillmarsh" in at_reader.call("GET", "/")[1].decode()  # the stories page lists its story


@pytest.mark.slow
@LINUX
def test_a_brief_computed_by_one_process_is_read_by_the_other(server):
    proc, port, reader, runs = server
    at_reader, at_primary = _connections(port, reader)
    sid = at_primary.json("/api/stories?limit=1")[1]["stories"][0]["id"]
    deadline = time.monotonic() + 300
    while at_primary.call("GET", f"/api/stories/{sid}/brief")[0] != 200:
        assert time.monotonic() < deadline
        time.sleep(0.5)
    at_reader, at_primary = _connections(port, reader)
    assert list(runs.glob("newsdesk-serve-*/briefs/*.pickle")), "the brief was not kept for the other process"
    status, data = at_reader.call("GET", f"/api/stories/{sid}/brief")  # read, not computed again: at once
    assert status == 200 and json.loads(data) == json.loads(at_primary.call("GET", f"/api/stories/{sid}/brief")[1])


@pytest.mark.slow
@LINUX
def test_stopping_the_server_ends_every_process(server):
    proc, port, reader, runs = server
    family = [proc.pid, *_descendants(proc.pid)]
    assert reader in family and len(family) >= 3  # primary, reader, writer (and workers)
    assert list(runs.glob("newsdesk-serve-*"))
    proc.terminate()
    assert proc.wait(60) is not None
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in family[1:]):
        assert time.monotonic() < deadline, [p for p in family if _alive(p)]
        time.sleep(0.2)
    assert _listening(port) == 0
    assert not list(runs.glob("newsdesk-serve-*"))  # the run folder (socket, kept briefs) is gone


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
