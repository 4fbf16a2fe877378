"""The nine-step guide: content, conversation state and Danish rendering."""
