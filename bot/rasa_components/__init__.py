"""Custom Rasa graph components (imported by Rasa only, never by the action server)."""
