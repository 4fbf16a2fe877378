"""Samtaleguide: domain logic for the Danish job-conversation guide.

Everything here is plain Python that can be unit-tested without Rasa; the Rasa custom
actions in ``actions/`` are thin wrappers around it. Nothing heavy (database engines,
spaCy pipelines) is created at import time.
"""
