"""The IPython shell of the xdeps kernel.

Cells run in the tracked namespace of the `xdeps` module; every function a
cell defines (methods included) starts, through the AST transform of
cell_transform.py, with the call marker the tracker notes its calls by, and
stays a plain function; each top-level statement IPython runs is reported to
the tracker.
"""

import builtins
import os
import shlex
import site
import subprocess
import sys
import types

import xdeps
import xdeps_kernel

from IPython.core.interactiveshell import DummyMod
from xeus_python_shell.shell import XPythonShell, XPythonShellApp
from xdeps_cell_transform import FormsCompiler, track_definitions, track_with_changes


def _user_site_packages():
    """Where `%pip install` puts packages for this kernel."""
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    version = "python{}.{}".format(*sys.version_info[:2])
    return os.path.join(data_home, "xdeps", version, "site-packages")


class _ScopeView:
    """Locals of an eval/exec called inside a notebook function: its names
    first, then the notebook's through the tracked namespace, so the reads
    are recorded (CPython would look the globals up directly)."""

    __slots__ = ("_locals", "_globals")

    def __init__(self, local_names, global_names):
        self._locals = local_names
        self._globals = global_names

    def __getitem__(self, key):
        try:
            return self._locals[key]
        except KeyError:
            return self._globals[key]

    def __setitem__(self, key, value):
        self._locals[key] = value

    def __delitem__(self, key):
        del self._locals[key]

    def __contains__(self, key):
        return key in self._locals or key in self._globals

    def keys(self):
        return self._locals.keys()


def _scoped(builtin):
    def run(source, globals=None, locals=None, /, *args, **kwargs):
        __tracebackhide__ = True  # IPython leaves this frame out of tracebacks
        if globals is None:
            caller = sys._getframe(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if type(locals) is dict and isinstance(globals, xdeps.Namespace) and locals is not globals:
            locals = _ScopeView(locals, globals)
        return builtin(source, globals, locals, *args, **kwargs)

    run.__name__ = builtin.__name__
    run.__qualname__ = builtin.__qualname__
    run.__doc__ = builtin.__doc__
    return run


class _ClassNamespace(dict):
    """The namespace of a class body defined in a cell. CPython looks names
    a class body does not bind up in the globals with a plain dict lookup;
    this one takes them from the tracked namespace, so they are recorded."""

    __slots__ = ("_notebook",)

    def __getitem__(self, key):
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            pass
        return self._notebook[key]


class _ClassMaker:
    """Stands in for the metaclass while a cell's class body runs: hands the
    body a _ClassNamespace, then builds the class with the real metaclass
    from a plain copy of it."""

    def __init__(self, meta, namespace):
        self._meta = meta
        self._namespace = namespace

    def __prepare__(self, name, bases, **kwds):
        return self._namespace

    def __call__(self, name, bases, namespace, **kwds):
        return self._meta(name, bases, dict(namespace), **kwds)


def _tracking_build_class(build_class):
    import types

    def __build_class__(func, name, *bases, **kwds):
        notebook = getattr(func, "__globals__", None)
        if not isinstance(notebook, xdeps.Namespace) or "metaclass" in kwds:
            return build_class(func, name, *bases, **kwds)
        meta, namespace, rest = types.prepare_class(name, types.resolve_bases(bases), kwds)
        if type(namespace) is not dict or not isinstance(meta, type):
            return build_class(func, name, *bases, **kwds)
        tracked = _ClassNamespace(namespace)
        tracked._notebook = notebook
        return build_class(func, name, *bases, metaclass=_ClassMaker(meta, tracked), **rest)

    return __build_class__


# Line magics that list or inspect the namespace without using its values.
NAMESPACE_MAGICS = frozenset({"who", "whos", "who_ls", "reset_selective", "xdel", "psearch",
                              "pinfo", "pinfo2", "pdef", "pdoc", "psource", "pfile"})


class _MainModule(DummyMod):
    """`__main__` of the notebook, whose `__dict__` is the tracked namespace
    (a real module's cannot be another dict). It passes for a module, as the
    one of a plain Python kernel does, so `doctest.testmod()` and
    `inspect.ismodule(sys.modules['__main__'])` work."""

    @property
    def __class__(self):
        return types.ModuleType


def _main_module(user_ns):
    user_ns.setdefault("__name__", "__main__")
    module = _MainModule()
    module.__dict__ = user_ns
    return module


class TrackedShell(XPythonShell):
    """Reports each top-level statement of a cell to the tracker."""

    # (code, code as IPython runs it): transformed for the warning before
    # the cell runs, handed to the run that follows instead of being
    # transformed again (no cell code runs in between, so the namespace the
    # transform consults is the same).
    _transformed_ahead = None

    def transform_ahead(self, raw_cell, transform=None):
        self._transformed_ahead = None
        cell = transform(raw_cell) if transform is not None else self.transform_cell(raw_cell)
        self._transformed_ahead = (raw_cell, cell)
        return cell

    def transform_cell(self, raw_cell):
        ahead = self._transformed_ahead
        if ahead is not None:
            self._transformed_ahead = None
            if ahead[0] == raw_cell:
                return ahead[1]
        return super().transform_cell(raw_cell)

    def transform_ast(self, node):
        # After IPython's own transformers (and its location fixing, which
        # it does only when there are some).
        return track_definitions(super().transform_ast(node))

    async def run_ast_nodes(self, nodelist, cell_name, interactivity="last_expr", compiler=compile, result=None):
        # A statement may run cells of its own (run_cell): each level keeps its forms.
        outer = getattr(self, "_statement_forms", None)
        self._statement_forms = {}
        try:
            return await super().run_ast_nodes(nodelist, cell_name, interactivity,
                                               FormsCompiler(compiler, self._statement_forms), result)
        finally:
            self._statement_forms = outer

    async def run_code(self, code_obj, result=None, *, async_=False):
        forms = getattr(self, "_statement_forms", None)
        entry = forms.get(id(code_obj)) if forms else None
        if entry is not None and entry[0] is code_obj:
            xdeps._statement_begin(code_obj, entry[1], entry[2])
        else:
            xdeps._statement_begin(code_obj, None)
        try:
            return await super().run_code(code_obj, result, async_=async_)
        finally:
            xdeps._statement_end()

    def _showtraceback(self, etype, evalue, stb):
        # The kernel protocol's `ename` is the exception's name, as in
        # ipykernel ("ValueError", not "<class 'ValueError'>").
        self.last_error = [getattr(etype, "__name__", str(etype)), str(evalue), stb]

    def reset(self, new_session=True, aggressive=False):
        super().reset(new_session=new_session, aggressive=aggressive)
        xdeps_kernel.request_reset()

    def run_line_magic(self, magic_name, line, _stack_depth=1):
        # Listing or inspecting the namespace is not a use of its values;
        # what such a magic deletes (`%reset_selective`, `%xdel`) is still
        # a write of the cell.
        if magic_name not in NAMESPACE_MAGICS:
            return super().run_line_magic(magic_name, line, _stack_depth + 1)
        paused = xdeps._pause_reads(True)
        try:
            return super().run_line_magic(magic_name, line, _stack_depth + 1)
        finally:
            xdeps._pause_reads(paused)

    def _run_cell(self, raw_cell, store_history, silent, *args, **kwargs):
        # IPython leaves a blank cell out of the count and of `In`; the
        # kernel's prompt counts it, so the two are kept in step (`Out[n]`
        # and `_n` are the output of the cell shown as [n]). Around
        # _run_cell (which runs run_cell_async), before the post-run
        # events: a coroutine of its own would cost every cell more.
        blank = (not raw_cell) or raw_cell.isspace()
        result = super()._run_cell(raw_cell, store_history, silent, *args, **kwargs)
        if blank and store_history and not silent:
            self.history_manager.store_inputs(self.execution_count, raw_cell)
            self.execution_count += 1
        return result

    def ask_exit(self):
        # `exit` / `quit`, as ipykernel does: the frontend is asked to close
        # the session (JupyterLab ignores it; a console quits).
        self.payload_manager.write_payload(dict(source="ask_exit", keepkernel=False))


def deps(line):
    """Show the dependency graph of notebook cells.

    %deps                  graph of the previous cell
    %deps 5 | [5] | <id>   graph of a cell, by execution count or cell id
    %deps --all            the whole notebook's cell graph
    %deps --stale          stale and downstream cells, with reasons
    %deps --json           add to any form: state as application/json
    %deps off | on         pause / resume tracking
    %deps reactive on|off  re-run what a cell makes stale, in JupyterLab
    """
    from IPython.display import display

    display(xdeps_kernel.deps_magic(line), raw=True)


def pip(line):
    """Install packages for this kernel: %pip install <package> ...

    Packages go to a directory of the kernel's own (on sys.path), since the
    system Python refuses to install into itself.
    """
    args = shlex.split(line)
    if args and args[0] == "install":
        target = _user_site_packages()
        os.makedirs(target, exist_ok=True)
        args = ["install", "--target", target, "--upgrade"] + args[1:]
    completed = subprocess.run([sys.executable, "-m", "pip"] + args, capture_output=True, text=True)
    sys.stdout.write(completed.stdout)
    sys.stderr.write(completed.stderr)
    import importlib
    importlib.invalidate_caches()
    if completed.returncode == 0 and args and args[0] == "install":
        print("Installed for this kernel; import it in the next cell.")


def _guard_python_opened_comms(shell):
    """Opening a comm from Python crashes xeus-python 0.14 unless a target of
    that name is registered on the kernel side: register one first."""
    manager = shell.kernel.comm_manager
    comm_module = sys.modules.get("ipykernel.comm")
    if comm_module is None or not hasattr(comm_module, "Comm"):
        return
    original_comm = comm_module.Comm
    registered = set()
    original_register = manager.register_target

    def register_target(name, callback):
        registered.add(name)
        return original_register(name, callback)

    def ensure_target(name):
        if name and name not in registered:
            register_target(name, lambda comm, msg: None)

    class Comm(original_comm):
        def __init__(self, target_name="", *args, **kwargs):
            ensure_target(target_name or kwargs.get("target_name", ""))
            super().__init__(target_name, *args, **kwargs)

    try:
        manager.register_target = register_target
    except AttributeError:
        pass
    comm_module.Comm = Comm


class ShellApp(XPythonShellApp):
    """Built by the kernel's interpreter, which hands it the tracked namespace
    the cells run in."""

    def __init__(self, user_ns, **kwargs):
        super().__init__(**kwargs)
        self._user_ns = user_ns

    def init_shell(self):
        # Environment of a virtualenv or another Python belongs to the
        # process that started Jupyter, not to the kernel's Python.
        os.environ.pop("VIRTUAL_ENV", None)
        site.addsitedir(_user_site_packages())
        builtins.__xdeps_call__ = None
        builtins.__xdeps_track_changes__ = track_with_changes
        # IPython runs each statement with exec: it keeps the original.
        import IPython.core.interactiveshell as interactiveshell
        interactiveshell.exec = builtins.exec
        builtins.__build_class__ = _tracking_build_class(builtins.__build_class__)
        builtins.eval = _scoped(builtins.eval)
        builtins.exec = _scoped(builtins.exec)
        self.shell = TrackedShell.instance(
            display_pub_class=self.display_pub_class(),
            displayhook_class=self.displayhook_class(),
            compiler_class=self.compiler_class(),
            user_ns=self._user_ns,
            user_module=_main_module(self._user_ns),
        )
        self.shell.register_magic_function(deps, "line", "deps")
        self.shell.register_magic_function(pip, "line", "pip")

    def initialize(self, argv=None):
        # The kernel's own command line is not IPython's.
        super().initialize([])

    @staticmethod
    def display_pub_class():
        from xeus_python_shell.display import XDisplayPublisher
        return XDisplayPublisher

    @staticmethod
    def displayhook_class():
        from xeus_python_shell.display import XDisplayHook
        return XDisplayHook

    @staticmethod
    def compiler_class():
        from xeus_python_shell.compiler import XCachingCompiler
        return XCachingCompiler


def _give_streams_an_encoding():
    """xeus-python's sys.stdout and sys.stderr have no `encoding`, which
    doctest (and other code that writes text) reads; they take UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if not hasattr(stream, "encoding"):
            try:
                type(stream).encoding = "UTF-8"
            except (AttributeError, TypeError):
                pass


def after_configure(shell):
    """Called by the kernel once xeus-python has finished its own setup."""
    _guard_python_opened_comms(shell)
    _give_streams_an_encoding()
