"""nbclient's waits for kernel messages, in short slices.

nbclient waits for a cell's reply with one long poll of the kernel's shell socket (as long as the
cell's timeout), and for its outputs with an endless poll of the IOPub socket. pyzmq's asyncio poll
can miss the wake-up of a message that arrives while a cell with widgets is running (nbclient
issue 312: "when cell contains ipywidget, execute cell will sometimes block"); the poll then only
notices the message when its timeout fires. Measured here: an 08_optimizers submission whose
slider cell ran in 0.4 s waited 30.0 s (the grading timeout) for a reply that had arrived, in
about one of three parallel gradings of a class; the tests' notebook runs waited their full 120 s.
Nothing fails, the grading is only slow, or, when the IOPub wait hits its 4 s limit, a cell is
wrongly reported as timed out.

``SlicedPolling`` makes every wait a loop of polls of at most ``POLL_SLICE`` seconds: pyzmq checks
the socket once more when a poll times out, so a missed wake-up costs at most one slice. The total
wait and its timeout are unchanged.

    class Execute(SlicedPolling, nbclient.NotebookClient): ...
"""
import time
from queue import Empty

import nbclient
from nbclient.util import run_sync

POLL_SLICE = 0.1  # seconds


def poll_in_slices(channel, slice_seconds=POLL_SLICE):
    """Replace ``channel.get_msg`` (an async ZMQ channel of a kernel client) with one that waits
    in polls of at most ``slice_seconds``; same arguments, same result, same Empty on timeout."""
    if getattr(channel, "_idnn_sliced", False):
        return channel
    wait = channel.get_msg

    async def get_msg(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = slice_seconds if deadline is None else min(slice_seconds, max(deadline - time.monotonic(), 0))
            try:
                return await wait(timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg
    channel._idnn_sliced = True
    return channel


class SlicedPolling:
    """Mixin for nbclient's NotebookClient (and so nbconvert's and nbgrader's Execute): the kernel
    client's shell and IOPub waits poll in slices (see the module docstring)."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        for channel in (kc.shell_channel, kc.iopub_channel):
            poll_in_slices(channel)
        return kc

    # nbclient binds its sync wrapper to its own coroutine (nbconvert's Execute calls the wrapper).
    start_new_kernel_client = run_sync(async_start_new_kernel_client)


class NotebookClient(SlicedPolling, nbclient.NotebookClient):
    """nbclient's NotebookClient, waiting in slices: for the tests' and benchmarks' notebook runs."""
