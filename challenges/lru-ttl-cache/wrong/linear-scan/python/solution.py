"""WRONG (too slow): recency kept in a list that is scanned on every operation."""
import time


class LRUCache:
    def __init__(self, capacity, clock=None):
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive integer")
        self.capacity = capacity
        self.clock = clock if clock is not None else (lambda: time.monotonic() * 1000)
        self.order = []
        self.data = {}

    def _purge(self):
        now = self.clock()
        keep = []
        for key in self.order:
            if self.data[key][1] > now:
                keep.append(key)
            else:
                del self.data[key]
        self.order = keep

    def set(self, key, value, ttl_ms=None):
        if ttl_ms is not None and (isinstance(ttl_ms, bool) or not isinstance(ttl_ms, (int, float)) or not ttl_ms > 0):
            raise ValueError("ttl_ms must be > 0")
        self._purge()
        if key in self.order:
            self.order.remove(key)
        elif len(self.order) >= self.capacity:
            del self.data[self.order.pop(0)]
        self.order.append(key)
        self.data[key] = (value, float("inf") if ttl_ms is None else self.clock() + ttl_ms)

    def get(self, key):
        self._purge()
        if key not in self.order:
            return None
        self.order.remove(key)
        self.order.append(key)
        return self.data[key][0]

    def delete(self, key):
        self._purge()
        if key not in self.order:
            return False
        self.order.remove(key)
        del self.data[key]
        return True

    def __len__(self):
        self._purge()
        return len(self.order)
