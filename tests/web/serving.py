"""What the tests that start `protokoll serve` share: a free port, the server started and
waited for, stopped exactly, and the checks counted."""
import signal, socket, subprocess, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, port):
    """Starts `protokoll serve ARGS` and returns it once its port takes connections."""
    server = subprocess.Popen(args, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def stop(server, timeout=10):
    """Stops the server that was started, and only it (SIGTERM; SIGKILL after `timeout` seconds).
    Returns its exit status (negative: the signal that ended it)."""
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()


def synth_catalogue(synth, path, items, seed, fresh=False):
    """A catalogue of `items` synthetic items made by bench/synth at `path` (kept for the next run
    unless `fresh`: then it and its side files are made anew)."""
    import os
    if fresh:
        for f in (path, path + "-wal", path + "-shm", path + ".lists"):
            if os.path.exists(f):
                os.remove(f)
    if not os.path.exists(path):
        subprocess.run([synth, "catalogue", str(items), str(seed), path], check=True, stdout=subprocess.DEVNULL)
    return path


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}")

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
