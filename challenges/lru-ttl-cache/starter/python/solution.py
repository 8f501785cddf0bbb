import time


class LRUCache:
    def __init__(self, capacity, clock=None):
        """capacity: a positive int, else ValueError. clock() returns milliseconds
        (default: time.monotonic() * 1000)."""
        self._clock = clock if clock is not None else (lambda: time.monotonic() * 1000)

    def set(self, key, value, ttl_ms=None):
        raise NotImplementedError

    def get(self, key):
        """The value, or None when absent or expired."""
        raise NotImplementedError

    def delete(self, key):
        """True when a live entry was removed."""
        raise NotImplementedError

    def __len__(self):
        """The number of live entries."""
        raise NotImplementedError
