"""Scale-out and fault scenarios: real PostgreSQL, Redis and HAProxy on this machine, replicas.

``services`` starts PostgreSQL (``initdb``/``pg_ctl``) and Redis on free local ports;
``balancer`` writes HAProxy's configuration; ``topology`` starts the whole cluster (two Rasa
replicas, two action servers, HAProxy in front of both, one PostgreSQL, one Redis lock store)
and supervises it; ``faults`` runs the fault scenarios against it; ``traffic`` sends the
conversations and checks the database; ``cli`` is ``python -m bot cluster|faults``.
"""
