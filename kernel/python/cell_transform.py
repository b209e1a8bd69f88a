"""The xdeps kernel's transform of a cell before it runs, and the analysis
of each statement as it compiles: every def (methods and nested defs
included) starts with the call marker the tracker notes its calls by, and
stays a plain function; defs that may change globals or their parameters in
place are decorated with the forms by which they may; each compiled
statement carries its in-place change forms and what its bindings depend on.
"""

import ast

import xdeps

# A bare name first in every def's body: the namespace hands the
# interpreter's load of it to the tracker, which notes the call of the
# function running (tracker/python/src/call_frames.cpp). A builtin (None), so
# the same code run with other globals finds it and notes nothing.
CALL_MARKER = "__xdeps_call__"
TRACK_CHANGES_NAME = "__xdeps_track_changes__"


# Where a def can be: statements hold it directly or in these lists of
# statements (or of handlers and match cases, which hold statements).
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")


def track_with_changes(forms, parameters):
    """The decorator of a def that may change globals or its parameters in
    place: gives its record the forms by which it may, and returns the
    function itself."""
    def decorate(function):
        xdeps._with_changes(xdeps._record_of(function), forms, parameters)
        return function
    return decorate


def _is_docstring(statement):
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


def _mark_call(node):
    """Puts the call marker first in the def's body, after its docstring,
    at the place of the statement it precedes (tracebacks, line events and
    coverage see no new line)."""
    body = node.body
    at = 1 if _is_docstring(body[0]) else 0
    anchor = body[min(at, len(body) - 1)]
    name = ast.copy_location(ast.Name(id=CALL_MARKER, ctx=ast.Load()), anchor)
    body.insert(at, ast.copy_location(ast.Expr(value=name), anchor))


def track_definitions(tree):
    """Marks every def of a cell, methods and nested defs included, with the
    call marker, and decorates those that may change something in place with
    what they may change. Defs are statements, so only statement lists are
    walked, not expressions; what is added takes the def's locations, so
    nothing needs fixing after."""
    changes = None
    pending = [tree]
    while pending:
        node = pending.pop()
        for field in _STATEMENT_LISTS:
            children = getattr(node, field, None)
            if children:
                pending.extend(children)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if changes is None:
                changes = xdeps._mutation_forms.definition_forms(tree)
            if node in changes:
                decorator = ast.Call(func=ast.Name(id=TRACK_CHANGES_NAME, ctx=ast.Load()),
                                     args=[ast.Constant(value=part) for part in changes[node]], keywords=[])
                node.decorator_list.append(ast.fix_missing_locations(ast.copy_location(decorator, node)))
            _mark_call(node)
    return tree


# Expressions that run no notebook code of their own and read globals only by
# naming them: an element of a multi-target assignment made only of these
# depends on exactly the names it loads. Operators and subscripts can still
# run notebook methods: the tracker then sees a read or a call by notebook
# code and gives every binding all the statement's inputs.
_PLAIN_EXPRESSIONS = (ast.Name, ast.Constant, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare,
                      ast.IfExp, ast.Attribute, ast.Subscript, ast.Slice, ast.Tuple, ast.List,
                      ast.Set, ast.Dict, ast.Starred, ast.JoinedStr, ast.FormattedValue,
                      ast.expr_context, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)


def binding_names(statement):
    """For `a, b = x + 2, y + 3` (targets plain distinct names, as many
    plain elements, no starred one): ((target, names it depends on), ...);
    None for any other statement."""
    if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
        return None
    targets, value = statement.targets[0], statement.value
    if not (isinstance(targets, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List))):
        return None
    if len(targets.elts) != len(value.elts) or not all(isinstance(t, ast.Name) for t in targets.elts):
        return None
    if len({t.id for t in targets.elts}) != len(targets.elts):
        return None
    found = []
    for target, element in zip(targets.elts, value.elts):
        if isinstance(element, ast.Starred):
            return None
        names = set()
        for node in ast.walk(element):
            if not isinstance(node, _PLAIN_EXPRESSIONS):
                return None
            if isinstance(node, ast.Name):
                names.add(node.id)
        found.append((target.id, tuple(sorted(names))))
    return tuple(found)


# Forms (and binding names) by statement code: a cell run again compiles to equal code objects
# (they compare by bytecode, names, constants and positions), so its
# statements are analysed once, not on every run. Bounded: emptied when full.
_FORMS_BY_CODE = {}
_FORMS_BY_CODE_LIMIT = 4096


class FormsCompiler:
    """IPython's compiler, noting the in-place change forms of each
    statement it compiles and what its bindings depend on, for run_code to
    hand to the tracker."""

    def __init__(self, compiler, forms):
        self._compiler = compiler
        self._forms = forms
        # Asked for once per statement: found here, not through __getattr__
        # (which runs only after a failed lookup has made an AttributeError).
        extra_flags = getattr(compiler, "extra_flags", None)
        if extra_flags is not None:
            self.extra_flags = extra_flags

    def __call__(self, module, filename, mode):
        code = self._compiler(module, filename, mode)
        body = getattr(module, "body", None)
        if body and len(body) == 1:
            try:
                found = _FORMS_BY_CODE[code]
            except KeyError:
                found = (xdeps._mutation_forms.statement_forms(body[0]), binding_names(body[0]))
                if len(_FORMS_BY_CODE) >= _FORMS_BY_CODE_LIMIT:
                    _FORMS_BY_CODE.clear()
                _FORMS_BY_CODE[code] = found
            self._forms[id(code)] = (code,) + found
        return code

    def __getattr__(self, name):
        return getattr(self._compiler, name)
