#!/usr/bin/python3
"""Writes fixtures/pagerank/<case>.json: small graphs with the PageRank values networkx computes.

Run with Debian's python3-networkx (`apt-get install python3-networkx`):
    /usr/bin/python3 scripts/pagerank-reference.py
The committed JSON is what the tests compare against, so tests never need Python.
Debian 12 ships networkx 2.8.8, whose `pagerank` is the same scipy power iteration that
networkx 3's `pagerank` runs (`pagerank_scipy` there, `_pagerank_scipy` in 3.x).
"""
import json
import os
import random

import networkx as nx

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "pagerank")


def write_case(name, node_count, edges, personalization=None):
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(node_count))
    for src, dst, weight in edges:
        graph.add_edge(src, dst, weight=weight)
    if personalization:
        ranks = nx.pagerank(graph, weight="weight", personalization=personalization, dangling=personalization)
    else:
        ranks = nx.pagerank(graph, weight="weight")
    case = {
        "networkx": nx.__version__,
        "nodeCount": node_count,
        "edges": [[s, d, w] for s, d, w in edges],
        "personalization": {str(k): v for k, v in (personalization or {}).items()},
        "ranks": [ranks[i] for i in range(node_count)],
    }
    with open(os.path.join(OUT, name + ".json"), "w") as out:
        json.dump(case, out, indent=1)
        out.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(20261121)
    # Nodes 3, 6 and 7 have no out-edges: their mass is spread uniformly.
    write_case("dangling", 8, [(0, 1, 1.0), (0, 2, 2.5), (1, 3, 1.0), (2, 0, 0.5), (2, 3, 1.0),
                               (4, 5, 3.0), (5, 6, 1.0), (5, 4, 0.2), (1, 7, 0.7)])
    # A random weighted graph with a personalization on a few nodes; teleport and dangling follow it.
    edges = []
    for _ in range(120):
        src, dst = rng.randrange(40), rng.randrange(40)
        edges.append((src, dst, round(rng.uniform(0.1, 50.0), 3)))
    write_case("personalized", 40, edges, {0: 2.5, 7: 2.5, 19: 5.0})
    # Self-loops and parallel edges (one per identifier in a repo graph), personalized and dangling.
    write_case("self-loops-parallel", 6, [(0, 0, 0.1), (0, 1, 1.0), (0, 1, 10.0), (0, 1, 1.4142135623730951),
                                          (1, 2, 0.1), (1, 1, 0.1), (2, 0, 50.0), (2, 0, 5.0), (3, 3, 0.1),
                                          (3, 2, 1.0), (4, 2, 100.0)], {1: 16.666666666666668, 4: 16.666666666666668})


if __name__ == "__main__":
    main()
