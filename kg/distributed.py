"""``kg build --dask``: the partition tasks of a build (:mod:`kg.shards`) on a Dask cluster.

Reading and extraction, and writing each partition's graphs, run as Dask tasks
(``dask.distributed``); the identity pass, the summary and loading the store run in the
process that started the build. With no scheduler address a ``LocalCluster`` of ``jobs``
worker processes is started (and stopped) for the build; with one, the build uses that
cluster: its workers must have this same ``kg`` installed and see the inputs and the
folder beside ``OUT`` under the same paths (a shared file system). A task that fails (an
exception, a worker lost) is retried :data:`RETRIES` times, on any worker; a partition
that still fails costs its reports (recorded as failed), not the build; one that writes
graphs is then written here. Shards are written under a temporary name and renamed, so a
retried task never sees half of an earlier try.

Install with ``pip install 'gonghui-kg[dask]'``.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

#: Tries a failed task gets beyond the first.
RETRIES = 2
#: Reports per partition (at most): enough work per task to pay for its scheduling.
PARTITION = 200


class DaskMissing(ImportError):
    """Dask is not installed."""


class DaskEngine:
    """Runs partition tasks on a Dask cluster (a new ``LocalCluster`` when ``address`` is None)."""

    def __init__(self, address=None, jobs: int | None = None, processes: bool = True) -> None:
        """``address``: a scheduler's address, None for a new LocalCluster, or a
        ``dask.distributed.Client`` to use (and leave open)."""
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise DaskMissing("kg build --dask needs Dask (dask.distributed), which is not installed: "
                              "pip install 'gonghui-kg[dask]'") from None
        self.cluster = None
        self.futures: list = []
        self.own = not isinstance(address, Client)
        if not self.own:
            self.client = address
        elif address:
            try:
                self.client = Client(address, timeout=30)
            except (OSError, TimeoutError) as exc:
                raise DaskMissing(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        else:
            workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                        dashboard_address=None, host="127.0.0.1")
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def partition_size(self, n: int) -> int:
        return max(1, min(PARTITION, -(-n // (self.workers * 4))))

    def start(self, n: int, item=None) -> None:
        """(The cluster's workers are started already.)"""

    def map(self, fn, tasks: list) -> Iterator:
        """``(task, result)`` in order, the result an exception where a task failed every
        try; all tasks are submitted at once."""
        futures = self.client.map(fn, tasks, retries=RETRIES, pure=False) if tasks else []
        self.futures.extend(futures)
        for task, future in zip(tasks, futures):
            try:
                yield task, future.result()
            except Exception as exc:  # noqa: BLE001 (a task's failure, after its retries)
                yield task, exc
            finally:
                future.release()

    def close(self) -> None:
        """Cancel what is still running (a build stopped half-way); stop what we started."""
        if self.futures:
            self.client.cancel(self.futures)
            self.futures = []
        if self.own and self.client.status != "closed":
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
