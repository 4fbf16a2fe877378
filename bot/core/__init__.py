"""The small core every feature shares: text folding, Danish number words, personal-data
detection, the input guard, the sender-id format and the citizen-reference rule.

Nothing here imports a feature package, Rasa or the database.
"""
