"""What a cell's code is about to read, from its source, before it runs:
the kernel warns before the output of a cell that will read outdated values
(docs/semantics.md, "The warning before a cell's output")."""

import ast


class _CertainReads(ast.NodeVisitor):
    """The globals a cell's code reads for certain, in the order it runs,
    before it binds them: only code that runs whenever the cell runs to its
    end (not the branches of an `if`, the body of a loop, a lambda, a def's
    body, the elements of a comprehension, the right of `and`/`or`). Names
    the cell binds anywhere before (even in a branch) are never counted.
    Calls of a plain name are noted too."""

    def __init__(self):
        self.reads = []
        self.called = []
        self.bound = set()

    def load(self, name):
        if name not in self.bound and name not in self.reads:
            self.reads.append(name)

    def bind_all(self, node):
        """Every name a statement may bind, wherever in it."""
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
                self.bound.add(child.id)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.bound.add(child.name)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                for alias in child.names:
                    self.bound.add((alias.asname or alias.name).split(".")[0])
            elif isinstance(child, (ast.Global, ast.Nonlocal)):
                self.bound.update(child.names)

    def certain(self, node):
        """Loads of an expression evaluated for certain."""
        if node is None:
            return
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                self.load(node.id)
        elif isinstance(node, ast.Lambda):
            for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
                self.certain(default)
        elif isinstance(node, ast.BoolOp):
            self.certain(node.values[0])
        elif isinstance(node, ast.IfExp):
            self.certain(node.test)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            self.certain(node.generators[0].iter)
        elif isinstance(node, ast.NamedExpr):
            self.certain(node.value)
            self.bound.add(node.target.id)
        else:
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in self.bound:
                self.called.append(node.func.id)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.certain(child)
                elif isinstance(child, ast.keyword):
                    self.certain(child.value)
                elif isinstance(child, ast.comprehension):
                    pass

    def statements(self, body, runs=True):
        for statement in body:
            if runs:
                self.statement(statement)
            self.bind_all(statement)

    def statement(self, node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                self.certain(decorator)
            if isinstance(node, ast.ClassDef):
                for base in node.bases + [k.value for k in node.keywords]:
                    self.certain(base)
                self.statements(node.body)
            else:
                for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
                    self.certain(default)
        elif isinstance(node, (ast.If, ast.While)):
            self.certain(node.test)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.certain(node.iter)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.certain(item.context_expr)
                self.bind_all(item)
            self.statements(node.body)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            self.statements(node.body)
        elif isinstance(node, ast.Match):
            self.certain(node.subject)
        elif isinstance(node, ast.Assert):
            self.certain(node.test)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            self.certain(node.value)
            target = node.target
            if isinstance(node, ast.AugAssign) and isinstance(target, ast.Name):
                self.load(target.id)
            elif not isinstance(target, ast.Name):
                self.certain(target)
        elif isinstance(node, (ast.Assign, ast.Expr, ast.Return, ast.Delete, ast.Raise)):
            for child in ast.iter_child_nodes(node):
                self.certain(child)


# By the code as IPython runs it: a cell run again is analysed once. Bounded:
# emptied when full.
_READS_BY_SOURCE = {}
_READS_BY_SOURCE_LIMIT = 1024


# IPython's transformation of a cell, by its code and the transformers in
# place: it tokenizes the whole cell, as costly as the cell is long, and the
# cell runs again unchanged. Bounded: emptied when full.
_SOURCE_BY_CODE = {}


def _transformed(shell, code):
    """The code as IPython will run it. A result of one line is not kept:
    IPython then also applies its prefilter, which depends on the namespace
    (autocall)."""
    manager = shell.input_transformer_manager
    try:
        key = (code, tuple(manager.cleanup_transforms), tuple(manager.line_transforms),
               tuple(manager.token_transformers), tuple(shell.input_transformers_post))
        source = _SOURCE_BY_CODE.get(key)
    except (AttributeError, TypeError):  # a transformer that cannot be a key
        key = source = None
    if source is None:
        source = shell.transform_cell(code)
        if key is not None and source.count("\n", 0, -1) > 0:
            if len(_SOURCE_BY_CODE) >= _READS_BY_SOURCE_LIMIT:
                _SOURCE_BY_CODE.clear()
            _SOURCE_BY_CODE[key] = source
    return source


def certain_reads(shell, code):
    """(globals the cell reads for certain, plain names it calls), from its
    code as IPython will run it; ([], []) when it does not parse."""
    try:
        # Kept for the run that follows, which then does not transform again.
        source = shell.transform_ahead(code, lambda cell: _transformed(shell, cell))
    except Exception:
        return [], []
    found = _READS_BY_SOURCE.get(source)
    if found is None:
        try:
            tree = ast.parse(source)
        except Exception:
            return [], []
        finder = _CertainReads()
        finder.statements(tree.body)
        found = (finder.reads, finder.called)
        if len(_READS_BY_SOURCE) >= _READS_BY_SOURCE_LIMIT:
            _READS_BY_SOURCE.clear()
        _READS_BY_SOURCE[source] = found
    return found
