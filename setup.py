"""Placeholder package for pre-commit's `language: python` hook (`.pre-commit-hooks.yaml`).

pre-commit installs such a hook with `pip install .` at the repository root. This package
installs nothing itself: it depends on the postlint wheel of the same version on PyPI, so
the hook gets the prebuilt binary in seconds instead of compiling postlint from source.
The real PyPI package is built by maturin from pypi/pyproject.toml.

POSTLINT_VERSION must equal the version in Cargo.toml (tests/dist.rs checks it).
"""

from setuptools import setup

POSTLINT_VERSION = "0.2.0"

setup(
    name="pre_commit_placeholder_package",
    version="0.0.0",
    install_requires=[f"postlint=={POSTLINT_VERSION}"],
    # Nothing to package; naming no modules also keeps setuptools from scanning the tree.
    packages=[],
    py_modules=[],
)
