"""``bin/prod`` reads the settings file the systemd units read (docs/deployment.md, "Installing"):
NAME=VALUE lines as systemd takes them, values with spaces and ``<>`` that a shell could not
source, and it says what to do when the file is missing or broken."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PROD = Path(__file__).resolve().parents[2] / "bin" / "prod"


def prod(*args: str, env_file: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("VEREINBAR_")}
    env |= {"VEREINBAR_ENV_FILE": str(env_file), "VEREINBAR_USER": "root" if os.geteuid() == 0 else ""}
    return subprocess.run([str(PROD), *args], env=env, capture_output=True, text=True, timeout=120)


def test_the_settings_file_reaches_the_command_as_systemd_reads_it(tmp_path):
    env_file = tmp_path / "vereinbar.env"
    env_file.write_text(
        "# the web processes\n\n"
        'VEREINBAR_BIND="127.0.0.1:9137"\n'
        "VEREINBAR_WORKERS=3\n"
        "VEREINBAR_DEFAULT_FROM_EMAIL=Kreis IT <noreply@kreis.example.org>\n",
        encoding="utf-8",
    )
    done = prod("gunicorn", "-c", "deploy/gunicorn.conf.py", "--print-config", "json:loads", env_file=env_file)
    assert done.returncode == 0, done.stderr
    lines = {
        line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip() for line in done.stdout.splitlines() if "=" in line
    }
    assert lines["bind"] == "['127.0.0.1:9137']"
    assert lines["workers"] == "3"


def test_it_says_what_to_do_without_a_settings_file(tmp_path):
    done = prod("check", env_file=tmp_path / "missing.env")
    assert done.returncode == 1
    assert "cannot read the settings file" in done.stderr and "deploy/vereinbar.env.example" in done.stderr


def test_it_names_the_line_it_cannot_read(tmp_path):
    env_file = tmp_path / "vereinbar.env"
    env_file.write_text("VEREINBAR_WORKERS=3\n  VEREINBAR_THREADS = 2\nnot a setting\n", encoding="utf-8")
    done = prod("check", env_file=env_file)
    assert done.returncode == 1
    assert "line 3: not NAME=VALUE: not a setting" in done.stderr
