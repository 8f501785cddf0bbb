class HashRing:
    def __init__(self, replicas):
        """replicas: virtual nodes per node, an integer from 1 to 1000. Your part: validate it and
        set up the ring."""

    def add_node(self, node):
        raise NotImplementedError

    def remove_node(self, node):
        raise NotImplementedError

    def node_for(self, key):
        """The node that owns key, or None when the ring is empty."""
        raise NotImplementedError

    def nodes_for(self, key, n):
        """Up to n distinct nodes, clockwise from key."""
        raise NotImplementedError

    def distribution(self):
        """{node: how many of the 2**32 ring positions it owns}."""
        raise NotImplementedError

    def __len__(self):
        """The number of nodes."""
        raise NotImplementedError
