"""The frozen situation yardstick stays apart from the training data (tests/data/nlu_situations_check.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

CHECK = Path(__file__).resolve().parent / "data" / "nlu_situations_check.py"


def _check_module():
    spec = importlib.util.spec_from_file_location("nlu_situations_check", CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_yardstick_line_is_in_the_training_data_and_every_intent_has_its_minimum():
    assert _check_module().main() == 0


def test_the_check_fails_when_a_yardstick_line_is_copied_into_the_training_data(tmp_path, monkeypatch):
    check = _check_module()
    line = check.examples_of(check.FILE)[0][1]
    leaked = tmp_path / "data" / "nlu"
    leaked.mkdir(parents=True)
    (leaked / "leak.yml").write_text(f'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - {line}\n', "utf-8")
    monkeypatch.setattr(check, "ROOT", tmp_path)
    assert check.main() == 1
