"""Which in-place changes a statement made (docs/mutation.md): its forms
(mutation_forms) judged against the objects when it ends, with what the
CPython layer observed. Called by the layer at a statement's end, with
recording off; it runs no code of the user's (no properties, no
__getitem__ of user classes) and never raises."""

import sys

_MISSING = object()

_LIST = ("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse",
         "__setitem__", "__delitem__", "__iadd__", "__imul__")
_DICT = ("pop", "popitem", "setdefault", "update", "clear", "__setitem__", "__delitem__", "__ior__")
_SET = ("add", "discard", "remove", "pop", "clear", "update", "intersection_update",
        "difference_update", "symmetric_difference_update", "__ior__", "__iand__", "__isub__", "__ixor__")
_NUMPY = ("sort", "fill", "resize", "put", "itemset", "partition", "setfield", "byteswap",
          "__setitem__", "__delitem__", "__iadd__", "__isub__", "__imul__", "__itruediv__", "__ifloordiv__",
          "__imod__", "__ipow__", "__iand__", "__ior__", "__ixor__", "__ilshift__", "__irshift__", "__imatmul__")
_NDFRAME = ("insert", "pop", "update", "__setitem__", "__delitem__", "__iadd__", "__isub__", "__imul__",
            "__itruediv__", "__ifloordiv__", "__imod__", "__ipow__", "__iand__", "__ior__", "__ixor__")

# (module, qualified name) of a class -> its methods that change the object.
MUTATING_METHODS = {
    ("builtins", "list"): frozenset(_LIST),
    ("builtins", "dict"): frozenset(_DICT),
    ("builtins", "set"): frozenset(_SET),
    ("builtins", "bytearray"): frozenset(_LIST),
    ("collections", "deque"): frozenset(_LIST + ("appendleft", "extendleft", "popleft", "rotate")),
    ("collections", "OrderedDict"): frozenset(_DICT + ("move_to_end",)),
    ("collections", "Counter"): frozenset(_DICT + ("subtract",)),
    ("collections", "defaultdict"): frozenset(_DICT),
    ("array", "array"): frozenset(_LIST + ("byteswap", "frombytes", "fromlist", "fromunicode", "fromfile")),
    ("numpy", "ndarray"): frozenset(_NUMPY),
    ("pandas.core.generic", "NDFrame"): frozenset(_NDFRAME),
    ("pandas.core.frame", "DataFrame"): frozenset(_NDFRAME),
    ("pandas.core.series", "Series"): frozenset(_NDFRAME),
}

# Functions that change their first argument: (module, attribute path).
ARGUMENT_MUTATORS = (
    ("random", "shuffle"), ("heapq", "heappush"), ("heapq", "heappop"), ("heapq", "heapify"),
    ("heapq", "heapreplace"), ("heapq", "heappushpop"), ("bisect", "insort"), ("bisect", "insort_left"),
    ("bisect", "insort_right"), ("numpy", "copyto"), ("numpy", "put"), ("numpy", "place"),
    ("numpy", "putmask"), ("numpy", "fill_diagonal"), ("numpy.random", "shuffle"),
    ("builtins", "setattr"), ("builtins", "delattr"),
)

IMMUTABLE = (int, float, complex, str, bytes, bool, tuple, frozenset, range, type(None))

# Fingerprint kinds the layer reports whose change is exact for a store of
# one element: a dict's version tag (for keys), an instance's __dict__ tag
# (for attributes). Must match mutation.cpp.
EXACT_FOR = {1: "[", 2: "."}


def _class_key(cls):
    return (getattr(cls, "__module__", None), getattr(cls, "__qualname__", None))


def mutating_methods(obj):
    for cls in type(obj).__mro__:
        found = MUTATING_METHODS.get(_class_key(cls))
        if found is not None:
            return found
    return frozenset()


def _instance_dict(obj):
    try:
        d = object.__getattribute__(obj, "__dict__")
    except Exception:
        return None
    return d if isinstance(d, dict) or type(d).__name__ == "mappingproxy" else None


def _step(obj, kind, key):
    """The element or attribute of `obj`, found without running user code."""
    if key is None:
        return _MISSING
    if kind == ".":
        d = _instance_dict(obj)
        return _MISSING if d is None else d.get(key, _MISSING)
    if isinstance(obj, dict):
        try:
            return dict.get(obj, key, _MISSING)
        except Exception:
            return _MISSING
    if isinstance(obj, (list, tuple)) and type(key) is int:
        return list.__getitem__(obj, key) if isinstance(obj, list) and key < len(obj) else (
            tuple.__getitem__(obj, key) if isinstance(obj, tuple) and key < len(obj) else _MISSING)
    return _MISSING


def _walk(obj, steps):
    for kind, key in steps:
        obj = _step(obj, kind, key)
        if obj is _MISSING:
            break
    return obj


def _is_frame(obj):
    return any(_class_key(c) == ("pandas.core.generic", "NDFrame") for c in type(obj).__mro__)


def element_key(obj, step, deleting=False):
    """The path of the element of `obj` a change through `step` touched, or
    None (the whole object)."""
    kind, key = step
    if key is None:
        return None
    if kind == ".":
        d = _instance_dict(obj)
        if d is None:
            return None
        for cls in type(obj).__mro__:
            # A property or other data descriptor of that name: not a plain attribute.
            if key in cls.__dict__ and hasattr(type(cls.__dict__[key]), "__set__"):
                return None
        return "." + key
    if isinstance(obj, dict) or (isinstance(obj, list) and not deleting) or (_is_frame(obj) and type(key) is str):
        return "[" + repr(key) + "]"
    return None


def _resolve_callee(ns, dotted):
    import builtins
    obj = dict.get(ns, dotted[0], _MISSING)
    if obj is _MISSING:
        obj = getattr(builtins, dotted[0], _MISSING)
    for name in dotted[1:]:
        if type(obj).__name__ != "module":
            return _MISSING
        obj = obj.__dict__.get(name, _MISSING)
    return obj


def _is_argument_mutator(ns, dotted):
    obj = _resolve_callee(ns, dotted)
    if obj is _MISSING:
        return False
    for module_name, name in ARGUMENT_MUTATORS:
        module = sys.modules.get(module_name)
        known = None if module is None else module.__dict__.get(name)
        try:
            if known is not None and (obj is known or obj == known):
                return True
        except Exception:
            pass
    return False


class _Changes:
    """Changed objects, each with the element paths changed (None: whole)."""

    def __init__(self, ns, fingerprints):
        self.ns = ns
        self.found = {}
        self.seen = {id(obj): (kind, changed) for _, obj, kind, changed in fingerprints}

    def add(self, obj, key):
        entry = self.found.get(id(obj))
        if entry is None:
            self.found[id(obj)] = entry = [obj, set()]
        if key is None:
            entry[1] = None
        elif entry[1] is not None:
            entry[1].add(key)

    def form(self, form, base):
        kind = form[0]
        if kind in ("store", "delete"):
            path = form[2]
            if len(path) == 1:
                seen = self.seen.get(id(base))
                if seen is not None and EXACT_FOR.get(seen[0]) == path[0][0] and not seen[1]:
                    return  # the same element stored again: nothing changed
            if _walk(base, path[:-1]) is not _MISSING or len(path) > 1:
                self.add(base, element_key(base, path[0], kind == "delete"))
        elif kind == "call":
            path, method, key = form[2], form[3], form[4]
            target = _walk(base, path)
            if target is _MISSING or method not in mutating_methods(target):
                return
            if path:
                self.add(base, element_key(base, path[0]))
            elif method in ("pop", "setdefault") and isinstance(base, dict) and key is not None:
                self.add(base, "[" + repr(key) + "]")
            else:
                self.add(base, None)
        elif kind in ("inplace", "out"):
            self.add(base, None)
        elif kind == "rebind":
            if not isinstance(base, IMMUTABLE):
                self.add(base, None)
        elif kind == "arg":
            if _is_argument_mutator(self.ns, form[1]):
                key = None
                if form[1][-1] in ("setattr", "delattr") and type(form[4]) is str and not form[3]:
                    key = element_key(base, (".", form[4]))
                self.add(base, key if not form[3] else element_key(base, form[3][0]))

    def forms(self, forms, base_of, read=None):
        for form in forms:
            root = form[2] if form[0] == "arg" else form[1]
            if read is not None and root not in read:
                continue  # not read in this statement: a lambda not called, a branch not taken
            base = base_of(root)
            if base is not _MISSING:
                self.form(form, base)

    def names(self):
        """[(global name, keys)] for every global bound to a changed object."""
        if not self.found:
            return []
        result = []
        for name, value in list(dict.items(self.ns)):
            entry = self.found.get(id(value))
            if entry is not None and entry[0] is value and type(name) is str:
                result.append((name, () if entry[1] is None else tuple(sorted(entry[1]))))
        return result


def judge(ns, forms, fingerprints, called, passed):
    """[(name, keys)] changed in place by the statement that just ended.

    forms: the statement's own forms, or None; fingerprints: [(name, object,
    kind, changed)] of the globals it read, still bound to them (kind 0:
    not watched); a form counts only for a global read; called: the
    forms of the notebook functions it called; passed: [(forms, position,
    object)] of the objects passed to their parameters."""
    try:
        changes = _Changes(ns, fingerprints)
        by_name = lambda root: dict.get(ns, root, _MISSING) if type(root) is str else _MISSING
        read = {name for name, _, _, _ in fingerprints}
        if forms:
            changes.forms(forms, by_name, read)
        for function_forms in called:
            changes.forms(function_forms, by_name, read)
        for function_forms, position, obj in passed:
            changes.forms([f for f in function_forms if (f[2] if f[0] == "arg" else f[1]) == position],
                          lambda root: obj)
        for name, obj, kind, changed in fingerprints:
            # Seen to change, and no form says which elements: all of it.
            if changed and id(obj) not in changes.found:
                changes.add(obj, None)
        return changes.names()
    except Exception:
        return []
