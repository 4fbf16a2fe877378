"""The web cockpit: login, chat with the guide beside the nine steps, practice and plans.

``python -m bot web`` starts it (``make run`` does, beside Rasa and the action server);
``python -m bot users create`` adds a user. See ``bot.web.routes`` for the routes and
``bot.web.app`` for how the app is built.
"""
