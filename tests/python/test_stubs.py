"""The type stubs of the compiled module name exactly what it exports, and the
public functions document their parameters (numpydoc)."""

import ast
import inspect
from pathlib import Path

import commsim
from commsim import _core


def stub_names():
    tree = ast.parse((Path(commsim.__file__).parent / "_core.pyi").read_text())
    names = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names[node.name] = [a.arg for a in node.args.args]
        elif isinstance(node, ast.ClassDef):
            names[node.name] = None
        elif isinstance(node, ast.AnnAssign):
            names[node.target.id] = None
    return names


def test_stubs_cover_the_compiled_module():
    stubs = stub_names()
    exported = {n for n in dir(_core) if not n.startswith("_")} | {"__version__"}
    helpers = {"RunOutput"}  # typing-only names
    assert set(stubs) - helpers == exported


def test_stub_signatures_match_the_bindings():
    for name, args in stub_names().items():
        if args is None:
            continue
        doc = inspect.getdoc(getattr(_core, name)) or ""
        signature = doc.splitlines()[0]
        for arg in args:
            assert f"{arg}:" in signature, f"{name}: stub argument {arg!r} not in {signature!r}"


def test_public_functions_have_numpydoc_sections():
    for name in commsim.__all__:
        obj = getattr(commsim, name)
        if not inspect.isfunction(obj):
            continue
        doc = inspect.getdoc(obj) or ""
        assert doc, f"commsim.{name} has no docstring"
        if inspect.signature(obj).parameters:
            assert "Parameters\n----------" in doc, f"commsim.{name}: no Parameters section"
