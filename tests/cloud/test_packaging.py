"""cloud/tactus_nova installs from its own pyproject.toml (pip, Debian's
setuptools, no network) and the installed copy is what Nova's handlers
load; Nova's API accepts the tactus:* extra specs (an unregistered
namespace passes its validator)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cloud", "tactus_nova")


class Packaging(unittest.TestCase):
    def test_pip_installs_the_package(self):
        tmp = tempfile.mkdtemp(prefix="tactus-pip-")
        copy = os.path.join(tmp, "src")
        shutil.copytree(SRC, copy)  # the build leaves files next to the sources
        target = os.path.join(tmp, "site")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation",
                        "--no-deps", "--no-index", "--root-user-action=ignore", "--target", target, copy], check=True)
        code = ("import tactus_nova.filters as f, tactus_nova.weighers as w; "
                f"assert f.__file__.startswith({target!r}), f.__file__; print('ok')")
        env = dict(os.environ, PYTHONPATH=target + os.pathsep + os.environ.get("PYTHONPATH", ""))
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                             capture_output=True, text=True).stdout
        self.assertEqual(out.strip(), "ok")

    def test_nova_api_accepts_the_extra_specs(self):
        from nova.api.validation.extra_specs import validators
        validators.load_validators()
        for key, value in [("tactus:rt", "true"), ("tactus:budget_us", "29000"),
                           ("tactus:period_us", "20000"), ("tactus:server", "deferrable")]:
            validators.validate(key, value)  # raises ValidationError if refused


if __name__ == "__main__":
    unittest.main(verbosity=2)
