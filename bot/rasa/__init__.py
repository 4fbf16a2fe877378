"""Everything the Rasa server loads, in one place.

- ``config.yml`` → ``command_prefixes.CommandPrefixes`` and ``input_guard_component.InputGuard``
  (NLU components, on ``rule_component``), ``practice_policy.PracticeModePolicy`` (with
  ``practice_commands``); ``plan_commands`` are the typed plan commands the prefixes match.
- ``credentials.yml`` → ``channel.GuideRestInput`` (the REST channel; it also installs ``speedups``).
- ``endpoints.yml`` → ``tracker_store.RedactingSQLTrackerStore`` and, for replicas,
  ``lock_store.AtomicRedisLockStore``.

The rasa-sdk side (the action server) is ``actions/``; both call plain Python in ``bot/``.
"""
