"""`make run`: the development server and one background worker beside it.

The worker runs in its own process group, so that stopping the server (Ctrl-C, or the server
exiting on an error) stops the worker too, with its autoreloader child: it gets SIGTERM (it
finishes the task in hand), and SIGKILL if it is still there after 10 seconds.
"""

import os
import signal
import subprocess
import sys

GRACE_SECONDS = 10


def stop(worker: subprocess.Popen) -> None:
    try:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=GRACE_SECONDS)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def _exit(signum, frame):
    sys.exit(0)  # through main's finally: the worker is stopped


def main() -> int:
    # Ctrl-C arrives as KeyboardInterrupt; a kill or a closed terminal, here.
    signal.signal(signal.SIGTERM, _exit)
    signal.signal(signal.SIGHUP, _exit)
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
    python = sys.executable
    worker = subprocess.Popen([python, "manage.py", "db_worker"], start_new_session=True)
    print(f"Background worker started (pid {worker.pid}); it stops with the server.", flush=True)
    try:
        return subprocess.call([python, "manage.py", "runserver", host])
    except KeyboardInterrupt:
        return 0
    finally:
        stop(worker)
        print("Background worker stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
