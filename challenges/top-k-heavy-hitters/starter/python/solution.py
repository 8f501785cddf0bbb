class HeavyHitters:
    def __init__(self):
        """Your part: set up the state you need."""

    def add(self, key, count=1):
        """Adds count (a positive integer) to key; returns the key's new total."""
        raise NotImplementedError

    def count(self, key):
        """The key's total, 0 if never added."""
        raise NotImplementedError

    def top(self, k):
        """Up to k [key, count] pairs: count descending, then key ascending."""
        raise NotImplementedError

    def __len__(self):
        """The number of distinct keys."""
        raise NotImplementedError
