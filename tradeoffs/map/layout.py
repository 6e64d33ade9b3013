"""A force-directed layout in plain Python, for maps too big to lay out in the browser.

Fruchterman-Reingold, made linear in the number of cards by two economies:

- a good start: cards are put in an order where linked cards come close together
  (community by community, then breadth-first), and laid along a Hilbert curve, which keeps
  cards that are close in that order close on the plane; so a few cool rounds are enough;
- repulsion only between cards in neighbouring cells of a grid: distant cards barely push
  each other anyway.

No randomness: the same subgraph always gets the same picture.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

# Distance between linked cards, in canvas pixels: a node, its label and some air.
SPACING = 150.0
# Measured on generated catalogs of 1,000 and 5,000 cards: more rounds shorten edges a little
# but pack cards on top of each other, and cost time linearly.
ROUNDS = 30
# How far a card may move in the first round, in spacings, and the share of that in the last.
# The start only orders cards; the rounds must be free to pull a hub's neighbours in.
START_TEMPERATURE = 3.0
FINAL_TEMPERATURE = 0.01
# Repulsion reaches this far (in spacings); the grid cells are as wide.
REACH = 2.0
# Each grid cell meets itself and these four neighbours, so every pair of cells meets once.
FORWARD_CELLS = ((1, -1), (1, 0), (1, 1), (0, 1))


def spring_layout(
    ids: Sequence[str], edges: Iterable[tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    """Canvas positions for ``ids``: linked cards near each other, none on top of another."""
    count = len(ids)
    if count == 0:
        return {}
    index = {card_id: i for i, card_id in enumerate(ids)}
    pairs = [(index[a], index[b]) for a, b in edges if a != b]
    xs, ys = _along_hilbert_curve(_locality_order(count, pairs))
    temperature = START_TEMPERATURE
    cooling = FINAL_TEMPERATURE ** (1 / ROUNDS)
    for _ in range(ROUNDS):
        dx, dy = _repulsion(xs, ys)
        _attraction(xs, ys, pairs, dx, dy)
        for i in range(count):
            length = math.hypot(dx[i], dy[i])
            step = min(1.0, temperature / length) if length else 0.0
            xs[i] += dx[i] * step
            ys[i] += dy[i] * step
        temperature *= cooling
    return {
        card_id: (round(xs[i] * SPACING), round(ys[i] * SPACING))  # vis keeps whole pixels
        for card_id, i in index.items()
    }


def _locality_order(count: int, pairs: list[tuple[int, int]]) -> list[int]:
    """Cards community by community (Louvain), communities breadth-first over the links
    between them (most-linked first), and inside each, breadth-first from its hub."""
    import networkx as nx  # a tenth of a second: not for a map whose data is cached

    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(pairs)
    communities = [sorted(c) for c in nx.community.louvain_communities(graph, seed=0)]
    community_of = [0] * count
    for number, members in enumerate(communities):
        for card in members:
            community_of[card] = number
    neighbours: list[list[int]] = [[] for _ in range(count)]
    links_between: dict[tuple[int, int], int] = {}
    for a, b in pairs:
        neighbours[a].append(b)
        neighbours[b].append(a)
        ca, cb = community_of[a], community_of[b]
        if ca != cb:
            links_between[ca, cb] = links_between.get((ca, cb), 0) + 1
            links_between[cb, ca] = links_between.get((cb, ca), 0) + 1
    linked_communities: list[list[int]] = [[] for _ in communities]
    for (ca, cb), _ in sorted(links_between.items(), key=lambda item: (-item[1], item[0])):
        linked_communities[ca].append(cb)

    same_community = [
        [other for other in neighbours[card] if community_of[other] == community_of[card]]
        for card in range(count)
    ]
    community_order = _breadth_first(
        sorted(range(len(communities)), key=lambda c: (-len(communities[c]), c)),
        lambda c: linked_communities[c],
    )
    order: list[int] = []
    for number in community_order:
        hubs_first = sorted(communities[number], key=lambda card: (-len(neighbours[card]), card))
        order += _breadth_first(hubs_first, lambda card: same_community[card])
    return order


def _breadth_first(starts: list[int], neighbours: Callable[[int], Iterable[int]]) -> list[int]:
    """Every node reachable from ``starts``, each start's component breadth-first in turn."""
    order: list[int] = []
    seen: set[int] = set()
    for start in starts:
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            node = queue.popleft()
            order.append(node)
            for other in neighbours(node):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return order


def _along_hilbert_curve(order: list[int]) -> tuple[list[float], list[float]]:
    """Card ``order[d]`` at the ``d``-th point of a Hilbert curve, one spacing apart."""
    side = 1
    while side * side < len(order):
        side *= 2
    xs = [0.0] * len(order)
    ys = [0.0] * len(order)
    for distance, card in enumerate(order):
        xs[card], ys[card] = _hilbert_point(distance, side)
    return xs, ys


def _hilbert_point(distance: int, side: int) -> tuple[float, float]:
    """The point ``distance`` steps along the Hilbert curve filling a ``side`` x ``side`` square."""
    x = y = 0
    rest = distance
    span = 1
    while span < side:
        right = 1 & (rest // 2)
        up = 1 & (rest ^ right)
        if not up:  # rotate the quadrant so the curve runs on
            if right:
                x, y = span - 1 - x, span - 1 - y
            x, y = y, x
        x += span * right
        y += span * up
        rest //= 4
        span *= 2
    return float(x), float(y)


def _repulsion(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """Every card pushed away from the cards within ``REACH`` (force 1/d, plus 1/d cubed
    that holds cards about a spacing apart against the pull of a hub's many links)."""
    count = len(xs)
    dx = [0.0] * count
    dy = [0.0] * count
    reach_squared = REACH * REACH
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(count):
        grid.setdefault((math.floor(xs[i] / REACH), math.floor(ys[i] / REACH)), []).append(i)

    def push_apart(group: list[int], others: list[int] | None) -> None:
        for position, i in enumerate(group):
            xi, yi = xs[i], ys[i]
            fx = fy = 0.0
            for j in group[position + 1 :] if others is None else others:
                ddx = xi - xs[j]
                ddy = yi - ys[j]
                distance_squared = ddx * ddx + ddy * ddy
                if distance_squared >= reach_squared:
                    continue
                if distance_squared < 1e-9:  # on top of each other: part them in a fixed direction
                    ddx, ddy = 0.01 * ((i - j) % 7 - 3 or 1), 0.01
                    distance_squared = ddx * ddx + ddy * ddy
                # 1/d, and much more below one spacing, so cards keep room for a label.
                boost = (1.0 + 1.0 / distance_squared) / distance_squared
                ddx *= boost
                ddy *= boost
                fx += ddx
                fy += ddy
                dx[j] -= ddx
                dy[j] -= ddy
            dx[i] += fx
            dy[i] += fy

    for (column, row), members in grid.items():
        push_apart(members, None)
        for step_column, step_row in FORWARD_CELLS:
            others = grid.get((column + step_column, row + step_row))
            if others:
                push_apart(members, others)
    return dx, dy


def _attraction(
    xs: list[float],
    ys: list[float],
    pairs: list[tuple[int, int]],
    dx: list[float],
    dy: list[float],
) -> None:
    """Linked cards pulled together (force d squared), added into ``dx``/``dy``."""
    for a, b in pairs:
        ddx = xs[a] - xs[b]
        ddy = ys[a] - ys[b]
        distance = math.hypot(ddx, ddy)
        ddx *= distance
        ddy *= distance
        dx[a] -= ddx
        dy[a] -= ddy
        dx[b] += ddx
        dy[b] += ddy


class Area(NamedTuple):
    """A region of the map: the cards of one category, laid out together."""

    name: str
    ids: list[str]
    left: int
    top: int
    width: int
    height: int


# Room around an area's cards inside its region, and between regions, in canvas pixels.
AREA_PADDING = 0.6 * SPACING
AREA_GAP = 1.2 * SPACING
# The shape the packed regions aim at: about a landscape screen's.
AREA_ASPECT = 1.6


def area_layout(
    groups: dict[str, list[str]], edges: Iterable[tuple[str, str]]
) -> tuple[dict[str, tuple[int, int]], list[Area]]:
    """Each group (an area: the cards of one category) laid out on its own by
    :func:`spring_layout`, then the regions packed in rows, biggest first, into a landscape
    shape: positions for every card, and each area's region."""
    area_of = {card_id: name for name, ids in groups.items() for card_id in ids}
    inside: dict[str, list[tuple[str, str]]] = {name: [] for name in groups}
    for a, b in edges:
        if area_of[a] == area_of[b]:
            inside[area_of[a]].append((a, b))
    laid: dict[str, tuple[dict[str, tuple[int, int]], float, float, float, float]] = {}
    for name, ids in groups.items():
        local = spring_layout(ids, inside[name])
        xs = [x for x, _ in local.values()]
        ys = [y for _, y in local.values()]
        laid[name] = (local, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    order = sorted(groups, key=lambda name: (-len(groups[name]), name))
    total = sum(
        (w + 2 * AREA_PADDING + AREA_GAP) * (h + 2 * AREA_PADDING + AREA_GAP)
        for *_, w, h in laid.values()
    )
    row_width = math.sqrt(total * AREA_ASPECT)
    positions: dict[str, tuple[int, int]] = {}
    areas: list[Area] = []
    x = y = row_height = 0.0
    for name in order:
        local, min_x, min_y, width, height = laid[name]
        outer_width = width + 2 * AREA_PADDING
        outer_height = height + 2 * AREA_PADDING
        if x > 0 and x + outer_width > row_width:
            x, y, row_height = 0.0, y + row_height + AREA_GAP, 0.0
        for card_id, (cx, cy) in local.items():
            positions[card_id] = (
                round(x + AREA_PADDING + cx - min_x),
                round(y + AREA_PADDING + cy - min_y),
            )
        areas.append(
            Area(name, groups[name], round(x), round(y), round(outer_width), round(outer_height))
        )
        x += outer_width + AREA_GAP
        row_height = max(row_height, outer_height)
    return positions, areas
