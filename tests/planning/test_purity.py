"""The planning math runs on an exchange folder without a database: no Django in it."""

import subprocess
import sys

PURE = (
    "plan",
    "seasonality",
    "assumptions",
    "pace",
    "tracking",
    "backtest",
    "export",
    "render",
)


def test_the_pure_modules_import_without_django() -> None:
    imports = "; ".join(f"import scoreline.planning.{name}" for name in PURE)
    check = (
        f"{imports}; import sys; print(sorted(m for m in sys.modules if m.startswith('django')))"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
