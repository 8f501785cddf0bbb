"""Wrong: checks that count is a number but not that it is a positive integer."""
import heapq


def _check_key(key):
    if not isinstance(key, str):
        raise TypeError("key must be a string")


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(name + " must be a number")
    if not (isinstance(value, int) or value.is_integer()) or value < minimum:
        raise ValueError("%s must be an integer >= %d" % (name, minimum))
    return int(value)


class HeavyHitters:
    def __init__(self):
        self._counts = {}
        self._heap = []

    def add(self, key, count=1):
        _check_key(key)
        if isinstance(count, bool) or not isinstance(count, (int, float)):
            raise TypeError("count must be a number")
        total = self._counts.get(key, 0) + count
        self._counts[key] = total
        heapq.heappush(self._heap, (-total, key))
        if len(self._heap) > 2 * len(self._counts) + 1024:
            self._heap = [(-c, k) for k, c in self._counts.items()]
            heapq.heapify(self._heap)
        return total

    def count(self, key):
        _check_key(key)
        return self._counts.get(key, 0)

    def top(self, k):
        k = _check_int(k, "k", 0)
        found = []
        heap, counts = self._heap, self._counts
        while len(found) < k and heap:
            snapshot = heapq.heappop(heap)
            if counts.get(snapshot[1]) == -snapshot[0]:
                found.append(snapshot)
        for snapshot in found:
            heapq.heappush(heap, snapshot)
        return [[key, -negative] for negative, key in found]

    def __len__(self):
        return len(self._counts)
