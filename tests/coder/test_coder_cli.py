"""``python -m bot coder eval`` prints held-out accuracy and kappa."""

from __future__ import annotations

import json

from bot.practice.cli import add_commands


def _run(argv, capsys):
    import argparse

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code = args.func(args)
    return code, capsys.readouterr().out


def test_coder_eval_text(capsys):
    code, out = _run(["coder", "eval"], capsys)
    assert code == 0
    assert "Cohens kappa samlet" in out and "Nøjagtighed" in out
    assert "timeout" in out and "præcision" in out


def test_coder_eval_json(capsys):
    code, out = _run(["coder", "eval", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["kappa"] > 0.6
    assert set(data["per_code"]["refleksion"]) == {"support", "precision", "recall", "kappa"}
