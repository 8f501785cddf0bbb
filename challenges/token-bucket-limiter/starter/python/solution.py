import time


class RateLimiter:
    def __init__(self, capacity, refill_per_second, clock=None):
        """capacity: a positive int; refill_per_second > 0; else ValueError.
        clock() returns milliseconds (default: time.monotonic() * 1000)."""
        self._clock = clock if clock is not None else (lambda: time.monotonic() * 1000)

    def try_acquire(self, key, tokens=1):
        raise NotImplementedError

    def available(self, key):
        raise NotImplementedError
