"""Set up a development environment from a fresh clone, then run the program or the tests.

    python3 installer/bootstrap.py run     # opens the program on the bundled data
    python3 installer/bootstrap.py test    # runs the whole test suite headless

Creates `.venv` beside the checkout, installs the project with its test extra (again only when
pyproject.toml changed), and on Debian-like systems installs, as root, the few system packages
Qt and the report checks need when they are missing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
# Shared libraries the Qt wheels load, and the tools the tests use to read PDFs and workbooks.
DEBIAN_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1", "libdbus-1-3",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-xinerama0", "libxcb-shape0",
    "poppler-utils", "xvfb",
    # the tests read our workbooks with a program no one here wrote, and need CJK glyphs for it
    "libreoffice-calc-nogui", "fonts-wqy-microhei",
    # old Word (.doc) and WPS plan documents are read by converting them with LibreOffice Writer
    "libreoffice-writer-nogui",
]


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _installed(package: str) -> bool:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                         capture_output=True, text=True)
    return out.returncode == 0 and "install ok installed" in out.stdout


def system_packages() -> None:
    """Install missing Debian packages when we can (root on a Debian-like system)."""
    if sys.platform != "linux" or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    missing = [pkg for pkg in DEBIAN_PACKAGES if not _installed(pkg)]
    if not missing:
        return
    print("安装系统软件包 / installing system packages:", " ".join(missing), flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                   check=True, env=env)


def python_env() -> Path:
    """Create the virtual environment and install the project when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 (bootstrap runs under any python3)
        sys.exit("需要 Python 3.11 或更新版本 / Python 3.11 or newer is required")
    py = venv_python()
    if not py.exists():
        print("创建虚拟环境 / creating .venv", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    stamp = VENV / ".planledger-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        print("安装依赖 / installing dependencies", flush=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        # setuptools prints a boxed notice for every editable install ("be careful with folders
        # named like your package"); it is about packaging, not about this program
        quiet = dict(os.environ, PYTHONWARNINGS="ignore")
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"], check=True,
                       env=quiet)
        stamp.write_text(wanted)
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup"}:
        print(__doc__)
        return 2
    system_packages()
    py = python_env()
    os.chdir(ROOT)
    if argv[0] == "setup":
        return 0
    if argv[0] == "run":
        return subprocess.call([str(py), "-m", "desktop", *argv[1:]])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(py), "-m", "pytest", *argv[1:]], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
