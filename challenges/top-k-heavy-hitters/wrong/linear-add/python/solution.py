"""Wrong: keeps (key, count) pairs in ranked order; each add finds the key and its new place by
scanning the list (O(n) per add)."""


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
        self._ranked = []  # [key, count], count descending then key ascending

    def add(self, key, count=1):
        _check_key(key)
        count = _check_int(count, "count", 1)
        total = count
        for index, (other, other_count) in enumerate(self._ranked):
            if other == key:
                total += other_count
                del self._ranked[index]
                break
        place = 0
        while place < len(self._ranked) and (
            self._ranked[place][1] > total or (self._ranked[place][1] == total and self._ranked[place][0] < key)
        ):
            place += 1
        self._ranked.insert(place, [key, total])
        return total

    def count(self, key):
        _check_key(key)
        for other, other_count in self._ranked:
            if other == key:
                return other_count
        return 0

    def top(self, k):
        k = _check_int(k, "k", 0)
        return [list(entry) for entry in self._ranked[:k]]

    def __len__(self):
        return len(self._ranked)
