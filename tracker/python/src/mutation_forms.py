"""The forms by which a statement, or the body of a def, may change a global
in place (docs/mutation.md), found from its syntax tree.

A form is a tuple of constants, so that a def's forms can travel as the
argument of its decorator:

    ("store", root, path)        root.path = ..., root.path op= ...
    ("delete", root, path)       del root.path
    ("call", root, path, method, key)
                                 root.path.method(key, ...); key: a constant first argument or None
    ("inplace", root, path)      root.path.method(..., inplace=True)
    ("out", root, path)          any call with out=root.path
    ("arg", callee, root, path, key)
                                 callee(root.path, key, ...) where callee is a dotted name
                                 ending in a known argument mutator (random.shuffle, setattr)
    ("rebind", root)             root op= ... (changes a mutable in place)
    ("uses", root, steps, paths) every read of root goes through one of these
                                 constant steps (element lineage); paths: the
                                 element path of each step ("['a']", "[0]", ".x")

root: a global name, or in a def's forms the position of a parameter (an
int). path: steps (".", name) and ("[", key), key a constant str or
non-negative int, else None. Whether a form changed anything is judged when
the statement ends (mutation_judge).
"""

import ast

# Last names of the known argument mutators (confirmed by identity at run
# time, mutation_judge.ARGUMENT_MUTATORS).
MUTATOR_NAMES = frozenset((
    "shuffle", "heappush", "heappop", "heapify", "heapreplace", "heappushpop",
    "insort", "insort_left", "insort_right", "copyto", "put", "place", "putmask",
    "fill_diagonal", "setattr", "delattr",
))

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _constant_key(node):
    if isinstance(node, ast.Constant):
        value = node.value
        if type(value) is str or (type(value) is int and value >= 0):
            return value
    return None


def element_path(step):
    """The path of one element, as the core names it: "['a']", "[0]", ".x"."""
    kind, key = step
    return "." + key if kind == "." else "[" + repr(key) + "]"


def chain(node):
    """(root name, steps) of a chain of attributes and subscripts on a name."""
    steps = []
    while True:
        if isinstance(node, ast.Attribute):
            steps.append((".", node.attr))
            node = node.value
        elif isinstance(node, ast.Subscript):
            steps.append(("[", _constant_key(node.slice)))
            node = node.value
        elif isinstance(node, ast.Name):
            steps.reverse()
            return node.id, tuple(steps)
        else:
            return None


def _dotted(node):
    """("np", "random", "shuffle") for a plain dotted name, else None."""
    found = chain(node)
    if found is None or any(kind != "." for kind, _ in found[1]):
        return None
    return (found[0],) + tuple(name for _, name in found[1])


def _bound_names(body, args=None):
    """Names a function body binds (its locals) and those it declares global."""
    bound, declared = set(), set()
    if args is not None:
        for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if a is not None:
                bound.add(a.arg)
    pending = list(body) if isinstance(body, list) else [body]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Global):
            declared.update(node.names)
            continue
        if isinstance(node, ast.Nonlocal):
            bound.update(node.names)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        if isinstance(node, _SCOPES + _COMPREHENSIONS):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
                pending.extend(node.decorator_list)
            if isinstance(node, _COMPREHENSIONS):
                # Only a walrus binds in the enclosing function.
                pending.extend(n for n in ast.walk(node) if isinstance(n, ast.NamedExpr))
            continue
        pending.extend(ast.iter_child_nodes(node))
    return bound - declared, declared


class _Finder:
    """Collects the forms of one scope. `local` names are not globals;
    `params` maps a parameter's name to its position."""

    def __init__(self, local, params, declared=()):
        self.local = local
        self.params = params
        self.declared = set(declared)
        self.forms = {}

    def root(self, name):
        if name in self.params:
            return self.params[name]
        if name in self.local:
            return None
        return name

    def add(self, form):
        self.forms.setdefault(form, None)

    def target(self, node, kind):
        if isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                self.target(element, kind)
        elif isinstance(node, ast.Starred):
            self.target(node.value, kind)
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            found = chain(node)
            if found is not None:
                root = self.root(found[0])
                if root is not None:
                    self.add((kind, root, found[1]))

    def call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute):
            found = chain(func.value)
            if found is not None:
                root = self.root(found[0])
                if root is not None:
                    key = _constant_key(node.args[0]) if node.args else None
                    self.add(("call", root, found[1], func.attr, key))
                    for keyword in node.keywords:
                        if keyword.arg == "inplace" and isinstance(keyword.value, ast.Constant) \
                                and keyword.value.value is True:
                            self.add(("inplace", root, found[1]))
        callee = _dotted(func)
        if callee is not None and callee[-1] in MUTATOR_NAMES and node.args:
            found = chain(node.args[0])
            if found is not None:
                root = self.root(found[0])
                if root is not None:
                    key = _constant_key(node.args[1]) if len(node.args) > 1 else None
                    self.add(("arg", callee, root, found[1], key))
        for keyword in node.keywords:
            if keyword.arg == "out":
                values = keyword.value.elts if isinstance(keyword.value, ast.Tuple) else [keyword.value]
                for value in values:
                    found = chain(value)
                    if found is not None and self.root(found[0]) is not None:
                        self.add(("out", self.root(found[0]), found[1]))

    def visit(self, node):
        """Walks `node`, not into defs and classes (their bodies are scopes of
        their own), into lambdas and comprehensions (their bodies run here)."""
        pending = [node]
        while pending:
            node = pending.pop()
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    self.target(target, "store")
            elif isinstance(node, ast.AugAssign):
                if isinstance(node.target, ast.Name):
                    root = self.root(node.target.id)
                    if root is not None and not isinstance(root, int):
                        self.add(("rebind", root))
                else:
                    self.target(node.target, "store")
            elif isinstance(node, ast.Delete):
                for target in node.targets:
                    self.target(target, "delete")
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                self.target(node.target, "store")
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                self.target(node.optional_vars, "store")
            elif isinstance(node, ast.Call):
                self.call(node)
            if isinstance(node, _FUNCTIONS + (ast.ClassDef,)):
                pending.extend(node.decorator_list)
                if isinstance(node, ast.ClassDef):
                    pending.extend(node.bases)
                    pending.extend(s for s in node.body if not isinstance(s, _FUNCTIONS))
                else:
                    pending.extend(d for d in node.args.defaults + node.args.kw_defaults if d is not None)
                continue
            if isinstance(node, ast.Lambda):
                own = _bound_names(node.body, node.args)[0]
                inner = _Finder(self.local | own, {k: v for k, v in self.params.items() if k not in own},
                                self.declared)
                inner.visit(node.body)
                self.forms.update(inner.forms)
                continue
            if isinstance(node, _COMPREHENSIONS):
                targets = set()
                for generator in node.generators:
                    targets |= {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
                inner = _Finder(self.local | targets, {k: v for k, v in self.params.items() if k not in targets},
                                self.declared)
                for child in ast.iter_child_nodes(node):
                    inner.visit(child)
                self.forms.update(inner.forms)
                continue
            pending.extend(ast.iter_child_nodes(node))

    def uses(self, nodes):
        """Adds ("uses", root, steps, paths) for each global read in `nodes` only
        through constant keys or attributes (element lineage): `d['a']`,
        `p.x`, `d.get('a')`, `df['a'].sum()`. Defs' bodies are not walked."""
        parents = {}
        pending = list(nodes)
        names = []
        while pending:
            node = pending.pop()
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                names.append(node)
            for child in ast.iter_child_nodes(node):
                parents[child] = node
                if not (isinstance(node, _FUNCTIONS) and child in node.body):
                    pending.append(child)
        # Names bound by comprehensions and lambdas in them are not the globals.
        inner = set()
        for node in parents:
            if isinstance(node, _COMPREHENSIONS):
                for generator in node.generators:
                    inner |= {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.Lambda):
                inner |= _bound_names(node.body, node.args)[0]
        found = {}
        for name in names:
            root = self.root(name.id)
            if root is None or isinstance(root, int) or name.id in inner:
                continue
            parent = parents.get(name)
            step = None
            if isinstance(parent, ast.Subscript) and parent.value is name:
                key = _constant_key(parent.slice)
                step = None if key is None else ("[", key)
            elif isinstance(parent, ast.Attribute) and parent.value is name:
                call = parents.get(parent)
                if isinstance(call, ast.Call) and call.func is parent:
                    # A method call uses the whole object, but for d.get(key).
                    key = _constant_key(call.args[0]) if parent.attr == "get" and call.args else None
                    step = None if key is None else ("[", key)
                else:
                    step = (".", parent.attr)
            steps = found.setdefault(root, set())
            if step is None or steps is None:
                found[root] = None
            else:
                steps.add(step)
        for root, steps in sorted(found.items(), key=lambda item: str(item[0])):
            if steps:
                steps = tuple(sorted(steps, key=repr))
                self.add(("uses", root, steps, tuple(element_path(step) for step in steps)))

    def result(self):
        return tuple(self.forms) or None


def statement_forms(node):
    """The forms of a top-level statement (every name there is a global),
    or None."""
    finder = _Finder(set(), {})
    finder.visit(node)
    finder.uses([node])
    return finder.result()


def function_forms(node, enclosing=frozenset()):
    """(forms, parameter names) of a def, roots being globals or parameter
    positions; names of `enclosing` functions are not globals. None when
    it has no forms."""
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    local, declared = _bound_names(node.body, args)
    finder = _Finder(set(enclosing) | (local - set(names)), {n: i for i, n in enumerate(names)}, declared)
    for statement in node.body:
        finder.visit(statement)
    finder.uses(node.body)
    forms = finder.result()
    return (forms, tuple(names)) if forms else None


def definition_forms(tree):
    """{def node: (forms, parameter names)} for every def in `tree` that may
    change a global or a parameter in place."""
    found = {}
    pending = [(tree, frozenset())]
    while pending:
        node, enclosing = pending.pop()
        inner = enclosing
        if isinstance(node, _FUNCTIONS):
            summary = function_forms(node, enclosing)
            if summary is not None:
                found[node] = summary
            inner = enclosing | _bound_names(node.body, node.args)[0]
        for child in ast.iter_child_nodes(node):
            pending.append((child, inner))
    return found
