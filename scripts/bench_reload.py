"""The driver of scripts/bench-reload: builds the data folder, starts `tokenctl serve`, makes the
changes and times each one from the change to the first /v1/auth answer that shows it."""

import argparse
import ctypes
import http.client
import importlib.util
import math
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import sys
import time

TOMBSTONE = "revoked_by: bench\nrevoked_at: %s\n"
IN_CLOSE_WRITE, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x8, 0x80, 0x100, 0x200
IN_NONBLOCK = 0o4000


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--tokenctl", "--gen-corpus", "--work", "--mode"):
        parser.add_argument(flag, required=True)
    parser.add_argument("--tokens", type=int, required=True)
    parser.add_argument("--changes", type=int, required=True)
    args = parser.parse_args()
    bench = Bench(args)
    bench.prepare()
    bench.start_server()
    results = {}
    try:
        kinds = [
            ("tombstone appended in place", bench.append_tombstone),
            ("file rewritten in place", bench.rewrite_in_place),
            ("file replaced by rename", bench.replace_by_rename),
            ("file deleted", bench.delete_file),
            ("new file", bench.new_file),
            ("git checkout of a revision that revokes", bench.git_checkout),
            ("data folder symlink swapped", bench.swap_symlink),
        ]
        for name, change in kinds:
            results[name] = [change(i) for i in range(args.changes)]
            report(name, results[name])
    finally:
        bench.stop_server()
    reloads = [float(s) for s in re.findall(r"reason=files changed seconds=([0-9.]+)", open(bench.log_path).read())]
    if reloads:
        print("server side, reloads of named files: p50 %.1f ms, p99 %.1f ms, largest %.1f ms (%d reloads)"
              % (percentile(reloads, 50) * 1e3, percentile(reloads, 99) * 1e3, max(reloads) * 1e3, len(reloads)))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def report(name, times):
    ms = [t * 1e3 for t in times]
    print("%-42s p50 %7.1f ms   p99 %7.1f ms   largest %7.1f ms   (%d changes)"
          % (name, percentile(ms, 50), percentile(ms, 99), max(ms), len(ms)), flush=True)


class Inotify:
    """The probe's own inotify watch on one folder, to time a change made by another process (git)
    from the moment the file is touched."""

    def __init__(self, folder):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(IN_NONBLOCK)
        self.libc.inotify_add_watch(self.fd, folder.encode(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE)

    def names(self):
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return []
        names, offset = [], 0
        while offset < len(data):
            _, _, _, length = struct.unpack_from("iIII", data, offset)
            names.append(data[offset + 16:offset + 16 + length].rstrip(b"\0").decode())
            offset += 16 + length
        return names

    def close(self):
        os.close(self.fd)


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.repo = os.path.join(args.work, "a")
        self.other = os.path.join(args.work, "b")
        self.link = os.path.join(args.work, "current")
        self.log_path = os.path.join(args.work, "serve.log")
        spec = importlib.util.spec_from_file_location("gen_corpus", args.gen_corpus)
        self.corpus = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.corpus)
        self.chars = self.corpus.RandomChars(random.Random(7))
        self.server = None
        self.connection = None

    def git(self, *arguments, cwd=None):
        subprocess.run(["git", "-C", cwd or self.repo, *arguments], check=True, stdout=subprocess.DEVNULL)

    def prepare(self):
        per_workspace = 1000 if self.args.tokens >= 1000 else self.args.tokens
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        secrets = os.path.join(self.work, "secrets")
        subprocess.run(
            [sys.executable, self.args.gen_corpus, "--out", os.path.join(self.repo, "workspace"),
             "--workspaces", str(self.args.tokens // per_workspace), "--tokens-per-workspace", str(per_workspace),
             "--now", now, "--secrets", secrets, "--secrets-count", "2000", "--quiet"], check=True)
        valid = []
        for token, line in zip(open(secrets), (l for l in open(secrets + ".expected") if not l.startswith("#"))):
            kind, workspace, token_id = line.rstrip("\n").split("\t")
            if kind == "valid":
                valid.append((token.strip(), workspace, token_id))
        random.Random(3).shuffle(valid)
        self.valid = valid
        print("data folder: %d tokens; %d valid sample tokens" % (self.args.tokens, len(valid)), flush=True)
        self.git("init", "-q")
        self.git("-c", "user.email=bench@example.com", "-c", "user.name=bench", "add", "-A")
        self.git("-c", "user.email=bench@example.com", "-c", "user.name=bench", "commit", "-qm", "tokens")
        # A chain of commits, each revoking one more token; checked out one after another.
        self.git_tokens = self.take(self.args.changes)
        self.revisions = []
        for token, workspace, token_id in self.git_tokens:
            with open(self.path(self.repo, workspace, token_id), "a") as file:
                file.write(TOMBSTONE % now)
            self.git("-c", "user.email=bench@example.com", "-c", "user.name=bench", "commit", "-qam", "revoke")
            self.revisions.append(subprocess.run(
                ["git", "-C", self.repo, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
            ).stdout.strip())
        self.git("checkout", "-q", "HEAD~%d" % self.args.changes)
        # A second checkout for the symlink swaps (new inodes, as a fresh checkout has).
        shutil.copytree(os.path.join(self.repo, "workspace"), os.path.join(self.other, "workspace"))
        os.symlink(self.repo, self.link)
        self.swap_tokens = self.take(self.args.changes)

    def take(self, count):
        taken, self.valid = self.valid[:count], self.valid[count:]
        if len(taken) < count:
            sys.exit("not enough valid sample tokens")
        return taken

    def path(self, checkout, workspace, token_id):
        return os.path.join(checkout, "workspace", workspace, token_id + ".yaml")

    def start_server(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = subprocess.Popen(
            [self.args.tokenctl, "serve", "--dir", os.path.join(self.link, "workspace"), "--port", str(self.port),
             "--change-notification", self.args.mode], stderr=open(self.log_path, "w"))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port)
                self.connection.request("GET", "/healthz")
                self.connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.1)
        sys.exit("serve did not start")

    def stop_server(self):
        self.server.terminate()
        self.server.wait()

    def status(self, token):
        self.connection.request("GET", "/v1/auth", headers={"Authorization": "Bearer " + token})
        response = self.connection.getresponse()
        response.read()
        return response.status

    def timed(self, token, expected, change, watch=None):
        """Checks the token answers the other way first, makes the change, and polls until the answer
        is `expected`; returns the seconds from the change (or, with `watch`, from the first event
        the probe's own inotify sees on `watch[1]`) to that answer."""
        before = 401 if expected == 204 else 204
        if self.status(token) != before:
            sys.exit("a sample token did not answer %d before its change" % before)
        time.sleep(0.1)
        inotify = Inotify(watch[0]) if watch else None
        started = time.perf_counter()
        process = change()
        touched = None if watch else started
        deadline = started + 10
        while True:
            if touched is None and watch[1] in inotify.names():
                touched = time.perf_counter()
            answer = self.status(token)
            now = time.perf_counter()
            if answer == expected and touched is not None:
                break
            if now > deadline:
                sys.exit("a change was not in force within 10 s")
            # A short pause between polls, so that the probe does not take a core from the server.
            time.sleep(0.0005)
        if process:
            process.wait()
        if inotify:
            inotify.close()
        return now - touched

    def sample(self, index):
        token, workspace, token_id = self.valid[index]
        return token, self.path(self.repo, workspace, token_id), workspace

    def tombstone(self):
        return TOMBSTONE % time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    def append_tombstone(self, index):
        token, path, _ = self.sample(index)

        def change():
            with open(path, "a") as file:
                file.write(self.tombstone())
        return self.timed(token, 401, change)

    def rewrite_in_place(self, index):
        token, path, _ = self.sample(self.args.changes + index)
        revoked = open(path).read() + self.tombstone()

        def change():
            with open(path, "r+") as file:
                file.truncate(0)
                file.write(revoked)
        return self.timed(token, 401, change)

    def replace_by_rename(self, index):
        token, path, _ = self.sample(2 * self.args.changes + index)
        temporary = os.path.join(os.path.dirname(path), ".bench-" + os.path.basename(path))
        with open(temporary, "w") as file:
            file.write(open(path).read() + self.tombstone())
        return self.timed(token, 401, lambda: os.rename(temporary, path))

    def delete_file(self, index):
        token, path, _ = self.sample(3 * self.args.changes + index)
        return self.timed(token, 401, lambda: os.unlink(path))

    def new_file(self, index):
        token = self.corpus.make_token(self.chars)
        digest = self.corpus.token_hash(token)
        workspace = self.valid[0][1]
        path = os.path.join(self.repo, "workspace", workspace, digest[:12] + ".yaml")
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        content = self.corpus.token_file("bench %d" % index, "bench", now, "never", digest)

        def change():
            with open(path, "wb") as file:
                file.write(content)
        return self.timed(token, 204, change)

    def git_checkout(self, index):
        token, workspace, token_id = self.git_tokens[index]
        folder = os.path.join(self.repo, "workspace", workspace)

        def change():
            return subprocess.Popen(["git", "-C", self.repo, "checkout", "-q", self.revisions[index]])
        return self.timed(token, 401, change, watch=(folder, token_id + ".yaml"))

    def swap_symlink(self, index):
        token, workspace, token_id = self.swap_tokens[index]
        target = self.other if index % 2 == 0 else self.repo
        with open(self.path(target, workspace, token_id), "a") as file:
            file.write(self.tombstone())
        replacement = self.link + ".new"

        def change():
            os.symlink(target, replacement)
            os.rename(replacement, self.link)
        return self.timed(token, 401, change)


if __name__ == "__main__":
    main()
