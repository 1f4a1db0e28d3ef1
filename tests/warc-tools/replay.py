"""Serve a pywb collection folder on 127.0.0.1 (an ephemeral port), for the WACZ replay test.

Run with the tools' Python: ``python replay.py ROOT`` serves ``ROOT/collections/*``; the first line
on standard output is the port. It stops by itself after ``--seconds`` (default 120).
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import os  # noqa: E402

import gevent  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    os.chdir(args.root)
    from pywb.apps.frontendapp import FrontEndApp

    server = WSGIServer(("127.0.0.1", 0), FrontEndApp(config_file=None), log=None)
    server.start()
    print(f"PORT {server.server_port}", flush=True)
    gevent.sleep(args.seconds)
    server.stop()


if __name__ == "__main__":
    main()
