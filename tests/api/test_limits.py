from hypothesis import given
from hypothesis import strategies as st

from cablegraph.api.limits import WINDOW_S, ClientBudget


def test_query_seconds_run_out_and_come_back():
    budget = ClientBudget(query_seconds=10, errors=100)
    budget.charge("a", 6, False, now=0)
    assert budget.retry_after("a", now=1) is None
    budget.charge("a", 5, False, now=2)
    assert budget.retry_after("a", now=3) == 58  # the first charge leaves the window at 60
    assert budget.retry_after("b", now=3) is None  # others are unaffected
    assert budget.retry_after("a", now=60.5) is None


def test_errors_run_out():
    budget = ClientBudget(query_seconds=1000, errors=2)
    budget.charge("a", 0.1, True, now=0)
    budget.charge("a", 0.1, True, now=1)
    assert budget.retry_after("a", now=2) == 59


def test_quiet_clients_are_forgotten():
    budget = ClientBudget(query_seconds=10, errors=10)
    budget.charge("a", 1, True, now=0)
    assert budget.retry_after("a", now=WINDOW_S + 1) is None
    assert "a" not in budget._windows


@given(st.lists(st.tuples(st.floats(0, 5), st.floats(0, 3), st.booleans()), max_size=60))
def test_running_total_agrees_with_a_plain_sum(steps):
    budget = ClientBudget(query_seconds=50, errors=5)
    history, now = [], 0.0
    for gap, seconds, failed in steps:
        now += gap * 10
        budget.charge("c", seconds, failed, now=now)
        history.append((now, seconds, failed))
        recent = [(t, s, f) for t, s, f in history if t > now - WINDOW_S]
        spent = sum(s for _, s, _ in recent)
        if abs(spent - 50) < 1e-6:
            continue  # at the boundary, float rounding may fall either way
        over = spent >= 50 or sum(f for *_, f in recent) >= 5
        assert (budget.retry_after("c", now=now) is not None) == over


def test_a_client_holds_at_most_limit_slots_and_others_are_unaffected():
    from cablegraph.api.limits import ClientSlots

    slots = ClientSlots(limit=2)
    assert slots.acquire("a") and slots.acquire("a")
    assert not slots.acquire("a")  # a burst is limited as it arrives
    assert slots.acquire("b")
    slots.release("a")
    assert slots.acquire("a")
    for _ in range(2):
        slots.release("a")
    slots.release("b")
    assert slots._held == {}  # clients with nothing in flight are forgotten
