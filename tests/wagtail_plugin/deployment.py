"""gunicorn serving the tests' site (``deploy_settings``): shared by the deployment test and the load
benchmark (``tests/benchmarks/load_bench.py``), so both start and read a deployment the same way."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import kultursamverkan
import wagtail_kultursamverkan

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ROOT / "examples" / "regions"
WORKERS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn serving the tests' site from the database ``database`` (the test database when not
    given), with the given cache (a ``redis://`` URL or ``locmem``) and key prefix; ``apps`` are
    installed besides the tests' and ``paths`` put on the workers' path (for apps outside the tests)."""

    def __init__(
        self,
        cache: str,
        workdir: Path,
        prefix: str,
        *,
        database: str | None = None,
        workers: int = WORKERS,
        apps: Iterable[str] = (),
        paths: Iterable[Path] = (),
    ) -> None:
        if database is None:
            from django.db import connection

            database = connection.settings_dict["NAME"]
        self.port = free_port()
        self.workers = workers
        # The tests package through a link of its own: the checkout's root on the path would put the
        # checkout's plugin before the installed wheel's.
        link = workdir / "tests"
        if not link.exists():
            link.symlink_to(ROOT / "tests", target_is_directory=True)
        (workdir / "media").mkdir(exist_ok=True)
        env = {
            **os.environ,
            # The plugin and core this process tests (the wheel, or a checkout), then the tests.
            "PYTHONPATH": os.pathsep.join(
                [str(Path(m.__file__).parent.parent) for m in (wagtail_kultursamverkan, kultursamverkan)]
                + [str(workdir), *map(str, paths)]
            ),
            "DJANGO_SETTINGS_MODULE": "tests.wagtail_plugin.deploy_settings",
            "KULTURSAMVERKAN_TEST_DB": "postgres",
            "KULTURSAMVERKAN_PG_NAME": database,
            "KULTURSAMVERKAN_DEPLOY_CACHE": cache,
            "KULTURSAMVERKAN_DEPLOY_PREFIX": prefix,
            "KULTURSAMVERKAN_DEPLOY_MEDIA": str(workdir / "media"),
            "KULTURSAMVERKAN_DEPLOY_APPS": ",".join(apps),
        }
        self.env, self.workdir = env, workdir
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}"]
        command += ["--preload", "--log-level", "warning", "django.core.wsgi:get_wsgi_application()"]
        self.process = subprocess.Popen(command, env=env, cwd=workdir)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn stopped") from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, int, http.client.HTTPResponse]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers={"Host": "localhost", **(headers or {})})
            response = conn.getresponse()
            text = response.read().decode()
            return response.status, text, int(response.headers.get("X-Worker-Pid", 0)), response
        finally:
            conn.close()

    def get(self, path: str, **kwargs: Any) -> tuple[int, str, int, http.client.HTTPResponse]:
        return self.request("GET", path, **kwargs)

    def warm(self, path: str) -> set[int]:
        """Read ``path`` until every worker has served it twice (it is in each one's cache then)."""
        seen: dict[int, int] = {}
        for _ in range(200):
            status, _text, pid, _r = self.get(path)
            assert status == 200, (path, status)
            seen[pid] = seen.get(pid, 0) + 1
            if len(seen) == self.workers and min(seen.values()) >= 2:
                return set(seen)
        raise AssertionError(f"not every worker answered: {seen}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
