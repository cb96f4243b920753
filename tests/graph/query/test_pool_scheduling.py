"""Issue 16, fair load: who runs next. The scheduler is bookkeeping only, so every rule is tested
step by step with explicit times, no processes and no timing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.graph.query.scheduler import QueueFull, Scheduler, Ticket
from cablegraph.graph.sparql.cost import Cost

SHORT, LONG, HEAVY = Cost.SHORT, Cost.LONG, Cost.HEAVY


def pool_of_three(queue: int = 64, client_share: int = 1) -> Scheduler:
    """As shipped: two light workers and one heavy (three processes), one kept for short queries."""
    return Scheduler(size=3, heavy=1, queue=queue, client_share=client_share, reserve=1)


def ticket(client: str | None, cost: Cost, arrived: float) -> Ticket:
    return Ticket(client, cost, arrived)


def admitted(scheduler: Scheduler, *tickets: Ticket) -> list[Ticket]:
    for t in tickets:
        assert scheduler.admit(t) is None
    return list(tickets)


def test_short_queries_go_first():
    s = pool_of_three()
    long_one, short_one = admitted(s, ticket("a", LONG, 0.0), ticket("b", SHORT, 0.1))
    assert s.next() is short_one
    assert s.next() is long_one


def test_a_long_query_that_has_waited_is_not_starved():
    s = pool_of_three()
    long_one, short_one = admitted(s, ticket("a", LONG, 0.0), ticket("b", SHORT, 0.3))  # 0.0 + 0.25 < 0.3
    assert s.next() is long_one
    assert s.next() is short_one


def test_long_and_heavy_queries_leave_one_process_to_short_ones():
    s = pool_of_three()
    first, second, third = admitted(s, *(ticket(c, LONG, 0.0) for c in "abc"))
    assert s.next() is first and s.next() is second
    assert s.next() is None  # two of three processes hold long queries: the third waits for a lookup
    lookup = admitted(s, ticket("d", SHORT, 1.0))[0]
    assert s.next() is lookup
    s.finished(first)
    assert s.next() is third


def test_a_heavy_query_waits_for_the_heavy_lane_even_with_processes_idle():
    s = pool_of_three()
    one, two = admitted(s, ticket("a", HEAVY, 0.0), ticket("b", HEAVY, 0.0))
    assert s.next() is one and s.next() is None
    assert s.lanes == {SHORT: 0, LONG: 0, HEAVY: 1}
    long_one = admitted(s, ticket("c", LONG, 0.1))[0]
    assert s.next() is long_one  # the heavy lane does not hold the light ones up
    s.finished(one)
    assert s.next() is two


def test_clients_take_turns():
    s = pool_of_three(client_share=3)
    a1, a2, a3 = admitted(s, *(ticket("a", SHORT, 0.0) for _ in range(3)))
    b1 = admitted(s, ticket("b", SHORT, 0.05))[0]
    assert [s.next(), s.next(), s.next()] == [a1, b1, a2]  # keys 0, 0.05, 0.1; a3 at 0.2
    s.finished(a1)
    assert s.next() is a3


def test_a_client_runs_at_most_its_share_outside_the_heavy_lane():
    s = pool_of_three(client_share=1)
    a1, a2, b1 = admitted(s, ticket("a", SHORT, 0.0), ticket("a", SHORT, 0.0), ticket("b", SHORT, 0.5))
    assert s.next() is a1
    assert s.next() is b1  # a's second waits for its first, though it came earlier
    assert s.next() is None
    s.finished(a1)
    assert s.next() is a2


def test_a_query_that_turns_heavy_gives_its_clients_turn_back():
    s = pool_of_three(client_share=1)
    first, second = admitted(s, ticket("a", LONG, 0.0), ticket("a", SHORT, 0.5))
    assert s.next() is first and s.next() is None
    assert s.promote(first) and first.lane is HEAVY
    assert s.next() is second
    other = ticket("b", LONG, 0.0)
    admitted(s, other)
    assert s.next() is other
    assert not s.promote(other)  # the heavy lane is full: the pool stops it
    assert other.lane is LONG


def test_a_short_query_that_overruns_counts_as_long():
    s = pool_of_three()
    lookup, long_one, long_two = admitted(s, ticket("a", SHORT, 0.0), ticket("b", LONG, 0.0), ticket("c", LONG, 0.0))
    assert s.next() is lookup and s.next() is long_one
    s.overran(lookup)
    assert s.lanes == {SHORT: 0, LONG: 2, HEAVY: 0}
    assert s.next() is None  # the process left for short queries is taken: no more long ones
    s.finished(lookup)
    assert s.next() is long_two


def test_a_full_line_refuses_the_client_with_the_most_waiting():
    s = pool_of_three(queue=4)
    s.lanes[SHORT] = 3  # every process busy: everything waits
    greedy = admitted(s, *(ticket("greedy", SHORT, float(i)) for i in range(4)))
    polite = ticket("polite", SHORT, 10.0)
    assert s.admit(polite) is greedy[-1]  # greedy's newest gives way
    assert greedy[-1] not in s.waiting and polite in s.waiting
    with pytest.raises(QueueFull):
        s.admit(ticket("greedy", SHORT, 11.0))  # the most waiting already: the newcomer is refused
    s.admit(ticket("third", SHORT, 12.0))  # greedy has 3 waiting, third none: greedy gives way again
    assert sorted(t.client for t in s.waiting) == ["greedy", "greedy", "polite", "third"]
    s.admit(ticket("fourth", SHORT, 13.0))  # greedy has 2, fourth none: greedy gives way once more
    with pytest.raises(QueueFull):
        s.admit(ticket("fifth", SHORT, 14.0))  # one each: even enough, the newcomer is refused
    assert sorted(t.client for t in s.waiting) == ["fourth", "greedy", "polite", "third"]


def test_sixteen_clients_with_four_each_fit_the_default_line():
    s = pool_of_three(queue=64)
    s.lanes[SHORT] = 3
    for client in range(16):
        for i in range(4):
            assert s.admit(ticket(str(client), SHORT, i)) is None
    assert len(s.waiting) == 64


def test_no_heavy_lane_runs_heavy_queries_as_long_ones():
    s = Scheduler(size=1, heavy=0, queue=4, client_share=1, reserve=0)
    runaway = admitted(s, ticket(None, HEAVY, 0.0))[0]
    assert runaway.cost is LONG and s.next() is runaway


def test_clients_are_forgotten_when_they_have_nothing_in_line_or_running():
    s = pool_of_three(client_share=2)
    tickets = admitted(s, *(ticket(c, cost, 0.0) for c, cost in (("a", SHORT), ("b", LONG), ("c", HEAVY))))
    started = [s.next() for _ in tickets]
    assert set(started) == set(tickets)
    for t in started:
        s.finished(t)
    gone = ticket("d", SHORT, 1.0)
    admitted(s, gone)
    s.withdraw(gone)  # timed out or cancelled while waiting
    assert s._client_light == {} and s._client_waiting == {} and s.waiting == []
    assert s.lanes == {SHORT: 0, LONG: 0, HEAVY: 0}


operations = st.lists(
    st.one_of(
        st.tuples(st.just("admit"), st.sampled_from("abcd"), st.sampled_from(list(Cost))),
        st.tuples(st.just("finish"), st.integers(0, 20), st.none()),
        st.tuples(st.just("promote"), st.integers(0, 20), st.none()),
        st.tuples(st.just("withdraw"), st.integers(0, 20), st.none()),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_the_lanes_hold_whatever_happens(steps):
    """Against any sequence of arrivals, ends, promotions and withdrawals, each followed by what the
    pool does (start what may start on the idle processes): never more running than processes, nor
    in the heavy lane than its places; long and heavy queries never take the process kept for short
    ones; a client never runs more than its share outside the heavy lane; nothing waits that could
    run; the line never grows past its bound."""
    s = Scheduler(size=3, heavy=1, queue=5, client_share=1, reserve=1)
    running: list[Ticket] = []
    now = 0.0
    for op, who, cost in steps:
        now += 0.05
        if op == "admit":
            try:
                gave_way = s.admit(Ticket(who, cost, now))
            except QueueFull:
                continue
            assert gave_way is None or gave_way not in s.waiting
        elif op == "finish" and running:
            s.finished(running.pop(who % len(running)))
        elif op == "promote" and running:
            s.promote(running[who % len(running)])
        elif op == "withdraw" and s.waiting:
            s.withdraw(s.waiting[who % len(s.waiting)])
        while len(running) < 3 and (started := s.next()) is not None:
            running.append(started)
        if len(running) < 3:
            assert not any(s._eligible(t) for t in s.waiting)
        assert sum(s.lanes.values()) == len(running) <= 3
        assert 0 <= s.lanes[HEAVY] <= 1 and min(s.lanes.values()) >= 0
        assert s.lanes[LONG] + s.lanes[HEAVY] <= 2
        light: dict = {}
        for t in running:
            if t.lane is not HEAVY:
                light[t.client] = light.get(t.client, 0) + 1
        assert all(n <= 1 for n in light.values()) and light == s._client_light
        assert len(s.waiting) <= 5
        assert sum(s._client_waiting.values()) == len(s.waiting)
