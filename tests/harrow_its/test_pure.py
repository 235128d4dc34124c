"""The pure modules stand alone: plain values in, plain values out, with no Django
settings, models or templates behind them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Print what importing a module loads of Django and of the portal's own apps.
LOADED = """
import importlib, sys
importlib.import_module(sys.argv[1])
apps = {"django", "harrow_its", "projects", "indicators", "bvpi", "reports"}
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in apps)))
"""


@pytest.mark.parametrize(
    ("module", "loaded"),
    [
        ("indicators.rag", "harrow_its harrow_its.formatting indicators indicators.rag"),
        ("bvpi.scoring", "bvpi bvpi.scoring"),
        ("harrow_its.formatting", "harrow_its harrow_its.formatting"),
    ],
)
def test_a_pure_module_imports_without_django(module, loaded):
    """Imported in a fresh interpreter without settings, it loads no Django module and
    none of the portal's but the plain ones it names."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", LOADED, module],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, loaded, "")
