import asyncio

from rasa_sdk.executor import CollectingDispatcher


def run_action(action, tracker, domain):
    """Runs ``action`` and returns (texts, payloads, slots set)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return texts, payloads, slots


class Dialogue:
    """Runs actions one after another on one conversation, carrying slots and events like Rasa does."""

    def __init__(self, domain, sender: str = "konsulent-1:abc"):
        from tests.conftest import T0

        self.domain, self.sender, self.t0 = domain, sender, T0
        self.slots: dict = {}
        self.events: list = [{"event": "session_started", "timestamp": T0 - 1}]

    def say(self, action, text: str, intent: str, minute: float, **parse_extra):
        from rasa_sdk import Tracker

        from tests.conftest import user_event

        event = user_event(text, intent, self.t0 + minute * 60, **parse_extra)
        self.events.append(event)
        tracker = Tracker(
            self.sender,
            dict(self.slots),
            dict(event["parse_data"]),
            list(self.events),
            False,
            None,
            {},
            "action_listen",
        )
        texts, payloads, slots = run_action(action, tracker, self.domain)
        self.slots.update(slots)
        self.events.append({"event": "action", "name": action.name(), "timestamp": self.t0 + minute * 60 + 1})
        return texts, payloads

    def validate(self, form_validation, slot: str, value, minute: float):
        """One answer inside a form: the slot is set from the text, then the form validates it."""
        from rasa_sdk import Tracker
        from rasa_sdk.executor import CollectingDispatcher

        from tests.conftest import user_event

        event = user_event(str(value), "affirm", self.t0 + minute * 60)
        self.events += [event, {"event": "slot", "name": slot, "value": value}]
        slots = {**self.slots, slot: value, "requested_slot": slot}
        tracker = Tracker(
            self.sender,
            slots,
            dict(event["parse_data"]),
            list(self.events),
            False,
            None,
            {"name": form_validation.form_name()},
            form_validation.form_name(),
        )
        dispatcher = CollectingDispatcher()
        result = asyncio.run(form_validation.run(dispatcher, tracker, self.domain))
        self.slots.update({e["name"]: e["value"] for e in result if e.get("event") == "slot"})
        return [m["text"] for m in dispatcher.messages if m.get("text")]
