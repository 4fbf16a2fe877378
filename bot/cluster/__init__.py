"""Scale-out and fault scenarios: real PostgreSQL and Redis on this machine, replicas, a proxy.

``services`` starts PostgreSQL (``initdb``/``pg_ctl``) and Redis on free local ports;
``proxy`` is the round-robin reverse proxy; ``topology`` starts the whole cluster (two Rasa
replicas, two action servers, the proxies, one PostgreSQL, one Redis lock store);
``faults`` runs the fault scenarios against it; ``cli`` is ``python -m bot cluster|faults``.
"""
