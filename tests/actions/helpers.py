from rasa_sdk.executor import CollectingDispatcher


def run_action(action, tracker, domain):
    """Runs ``action`` and returns (texts, payloads, slots set)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return texts, payloads, slots
