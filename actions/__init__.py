"""Rasa custom actions: thin classes that call into ``bot/``."""
