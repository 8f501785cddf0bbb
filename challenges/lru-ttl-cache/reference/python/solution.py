"""Reference: an OrderedDict in recency order plus a heap of expiry times (lazy deletion)."""
import heapq
import itertools
import time
from collections import OrderedDict

_INF = float("inf")


class LRUCache:
    def __init__(self, capacity, clock=None):
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive integer")
        self._capacity = capacity
        self._clock = clock if clock is not None else (lambda: time.monotonic() * 1000)
        self._entries = OrderedDict()  # key -> [value, expires, generation]
        self._heap = []
        self._generation = itertools.count(1)

    def set(self, key, value, ttl_ms=None):
        if ttl_ms is not None and (isinstance(ttl_ms, bool) or not isinstance(ttl_ms, (int, float)) or not ttl_ms > 0):
            raise ValueError("ttl_ms must be > 0")
        now = self._clock()
        self._purge(now)
        if key in self._entries:
            del self._entries[key]
        elif len(self._entries) >= self._capacity:
            self._entries.popitem(last=False)
        generation = next(self._generation)
        expires = _INF if ttl_ms is None else now + ttl_ms
        self._entries[key] = [value, expires, generation]
        if expires != _INF:
            heapq.heappush(self._heap, (expires, generation, key))
        if len(self._heap) > 4 * (len(self._entries) + 64):
            self._heap = [(e[1], e[2], k) for k, e in self._entries.items() if e[1] != _INF]
            heapq.heapify(self._heap)

    def get(self, key):
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[1] <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def delete(self, key):
        entry = self._entries.pop(key, None)
        if entry is None:
            return False
        return entry[1] > self._clock()

    def __len__(self):
        self._purge(self._clock())
        return len(self._entries)

    def _purge(self, now):
        heap = self._heap
        while heap and heap[0][0] <= now:
            _, generation, key = heapq.heappop(heap)
            entry = self._entries.get(key)
            if entry is not None and entry[2] == generation:
                del self._entries[key]
