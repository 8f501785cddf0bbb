"""Wrong: correct answers, but top(k) sorts every key on each call (O(n log n))."""


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

    def add(self, key, count=1):
        _check_key(key)
        count = _check_int(count, "count", 1)
        self._counts[key] = self._counts.get(key, 0) + count
        return self._counts[key]

    def count(self, key):
        _check_key(key)
        return self._counts.get(key, 0)

    def top(self, k):
        k = _check_int(k, "k", 0)
        ranked = sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))
        return [[key, count] for key, count in ranked[:k]]

    def __len__(self):
        return len(self._counts)
