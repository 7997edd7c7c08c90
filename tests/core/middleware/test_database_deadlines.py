"""A call into a connection that outlives its deadline has its socket shut down, but only while
a request is served: commands such as migrations may run as long as they need."""

import socket

from core.postgresql.deadlines import database_lost, deadline, serving_request


def test_a_call_past_its_deadline_while_serving_a_request_has_its_socket_shut_down():
    ours, theirs = socket.socketpair()
    ours.settimeout(5)
    with serving_request(), deadline(ours.fileno, 0.2):
        assert ours.recv(1) == b""  # the peer never writes: only the shutdown ends the wait
    ours.close()
    theirs.close()


def test_a_call_outside_a_request_has_no_deadline():
    ours, theirs = socket.socketpair()
    ours.settimeout(0.6)
    with deadline(ours.fileno, 0.1):
        try:
            ours.recv(1)
        except TimeoutError:
            timed_out = True
        else:
            timed_out = False
    assert timed_out, "the socket was shut down outside a request"
    ours.close()
    theirs.close()


def test_a_call_past_its_deadline_loses_the_database_for_the_rest_of_the_request():
    ours, theirs = socket.socketpair()
    ours.settimeout(5)
    with serving_request():
        with deadline(ours.fileno, 0.2):
            ours.recv(1)
        assert database_lost()
    with serving_request():
        assert not database_lost(), "the next request starts afresh"
    ours.close()
    theirs.close()


def test_a_health_check_past_its_deadline_leaves_reconnecting_open():
    ours, theirs = socket.socketpair()
    ours.settimeout(5)
    with serving_request():
        with deadline(ours.fileno, 0.2, loses=False):
            assert ours.recv(1) == b""
        assert not database_lost()
    ours.close()
    theirs.close()
