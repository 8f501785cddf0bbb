"""Wrong: correct answers, but every lookup walks the ring from the start (O(n))."""
_RING_SIZE = 2**32


def fnv1a(text):
    """FNV-1a, 32 bits, over the UTF-8 bytes of text."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value):
    return isinstance(value, int) or value.is_integer()


def _check_string(value, label):
    if not isinstance(value, str):
        raise TypeError(label + " must be a string")


class HashRing:
    def __init__(self, replicas):
        if not _is_number(replicas):
            raise TypeError("replicas must be a number")
        if not _is_whole(replicas) or not 1 <= replicas <= 1000:
            raise ValueError("replicas must be an integer from 1 to 1000")
        self._replicas = int(replicas)
        self._nodes = set()
        self._ring = []  # (position, node), sorted when self._positions is not None
        self._positions = []

    def add_node(self, node):
        _check_string(node, "node")
        if node == "":
            raise ValueError("node must not be empty")
        if node in self._nodes:
            raise ValueError("node %s is already on the ring" % node)
        self._nodes.add(node)
        self._ring.extend((fnv1a("%s#%d" % (node, r)), node) for r in range(self._replicas))
        self._positions = None

    def remove_node(self, node):
        _check_string(node, "node")
        if node not in self._nodes:
            raise ValueError("node %s is not on the ring" % node)
        self._nodes.discard(node)
        self._ring = [entry for entry in self._ring if entry[1] != node]
        if self._positions is not None:
            self._positions = [position for position, _ in self._ring]

    def node_for(self, key):
        _check_string(key, "key")
        if not self._nodes:
            return None
        return self._ring[self._first_at_or_after(fnv1a(key))][1]

    def nodes_for(self, key, n):
        _check_string(key, "key")
        if not _is_number(n):
            raise TypeError("n must be a number")
        if not _is_whole(n) or n < 1:
            raise ValueError("n must be a positive integer")
        wanted = min(int(n), len(self._nodes))
        found = []
        if wanted == 0:
            return found
        seen = set()
        index = self._first_at_or_after(fnv1a(key))
        ring = self._ring
        while len(found) < wanted:
            node = ring[index][1]
            if node not in seen:
                seen.add(node)
                found.append(node)
            index = (index + 1) % len(ring)
        return found

    def distribution(self):
        owned = {node: 0 for node in self._nodes}
        self._sort()
        ring = self._ring
        for i, (position, node) in enumerate(ring):
            previous = ring[i - 1][0] - _RING_SIZE if i == 0 else ring[i - 1][0]
            owned[node] += position - previous
        return owned

    def __len__(self):
        return len(self._nodes)

    def _sort(self):
        if self._positions is None:
            self._ring.sort()
            self._positions = [position for position, _ in self._ring]

    def _first_at_or_after(self, position):
        self._sort()
        for index, (at, _) in enumerate(self._ring):
            if at >= position:
                return index
        return 0
