"""kernel_client.poll_in_slices: a message whose wake-up was missed is picked up within a slice,
not when the whole wait times out; the wait's timeout is kept."""
import asyncio
import time
from queue import Empty

import pytest

from autograder.engine.kernel_client import poll_in_slices


class MissedWakeUpChannel:
    """Like pyzmq's poll after a missed wake-up: a message that has arrived is only seen when the
    poll's timeout fires (an endless poll never sees it)."""

    def __init__(self, arrives_after):
        self.arrives_at = time.monotonic() + arrives_after

    async def get_msg(self, timeout=None):
        if timeout is None:
            await asyncio.Event().wait()
        await asyncio.sleep(timeout)
        if time.monotonic() >= self.arrives_at:
            return {"msg_type": "execute_reply"}
        raise Empty


def timed(coroutine):
    start = time.monotonic()
    try:
        return asyncio.run(asyncio.wait_for(coroutine, 20)), time.monotonic() - start
    except Empty:
        return Empty, time.monotonic() - start


def test_a_missed_wake_up_costs_one_slice():
    channel = poll_in_slices(MissedWakeUpChannel(arrives_after=0.05), slice_seconds=0.05)
    reply, seconds = timed(channel.get_msg(timeout=10))
    assert reply == {"msg_type": "execute_reply"} and seconds < 1, seconds
    reply, seconds = timed(poll_in_slices(MissedWakeUpChannel(arrives_after=0.05), 0.05).get_msg(timeout=None))
    assert reply == {"msg_type": "execute_reply"} and seconds < 1, seconds


@pytest.mark.parametrize("timeout", [0, 0.3])
def test_the_timeout_is_kept(timeout):
    channel = poll_in_slices(MissedWakeUpChannel(arrives_after=60), slice_seconds=0.05)
    reply, seconds = timed(channel.get_msg(timeout=timeout))
    assert reply is Empty and timeout <= seconds < timeout + 0.5, seconds


def test_wrapping_twice_keeps_one_wrapper():
    channel = MissedWakeUpChannel(arrives_after=0)
    wrapped = poll_in_slices(channel).get_msg
    assert poll_in_slices(channel).get_msg is wrapped
