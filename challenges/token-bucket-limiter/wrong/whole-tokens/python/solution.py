"""WRONG: refills whole tokens only and drops the fractional remainder at every refill."""
import math
import time


class RateLimiter:
    def __init__(self, capacity, refill_per_second, clock=None):
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive integer")
        if isinstance(refill_per_second, bool) or not isinstance(refill_per_second, (int, float)) \
                or not refill_per_second > 0 or not math.isfinite(refill_per_second):
            raise ValueError("refill_per_second must be > 0")
        self._capacity = capacity
        self._rate = refill_per_second
        self._clock = clock if clock is not None else (lambda: time.monotonic() * 1000)
        self._buckets = {}

    def try_acquire(self, key, tokens=1):
        if isinstance(tokens, bool) or not isinstance(tokens, int) or tokens <= 0 or tokens > self._capacity:
            raise ValueError("tokens must be a positive integer no larger than capacity")
        bucket = self._bucket(key)
        if bucket[0] < tokens:
            return False
        bucket[0] -= tokens
        return True

    def available(self, key):
        if key not in self._buckets:
            return float(self._capacity)
        return float(self._bucket(key)[0])

    def _bucket(self, key):
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = [self._capacity, now]
            self._buckets[key] = bucket
        elif now > bucket[1]:
            bucket[0] = min(self._capacity, bucket[0] + math.floor((now - bucket[1]) * self._rate / 1000))
            bucket[1] = now
        return bucket
