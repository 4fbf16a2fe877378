"""The citizen's plan: agreements, scaling, ABC job plan and contract.

Parsing of what the consultant types (``deadlines``, ``agreements``, ``entries``), the
progression model of the course (``progression``), the application services the Rasa
actions call (``service``), their Danish renderings (``render``) and the export
(``export``). Everything here is plain Python; the database sits behind ``bot.store``.
"""
